/// The introspection document of an object Pace serves (``BusConnection/export(path:handler:)``): its own
/// interface, and `org.freedesktop.DBus.Properties` and `Introspectable`, which Pace answers itself there
/// (``BusObjectProperties``).
enum BusIntrospection {
    /// The whole document for `interfaces`, the object's own `<interface>` elements.
    static func document(_ interfaces: String) -> String {
        """
        <!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
        <node>
        \(interfaces)
          <interface name="org.freedesktop.DBus.Properties">
            <method name="Get"><arg type="s" direction="in"/><arg type="s" direction="in"/>\
        <arg type="v" direction="out"/></method>
            <method name="GetAll"><arg type="s" direction="in"/><arg type="a{sv}" direction="out"/></method>
          </interface>
          <interface name="org.freedesktop.DBus.Introspectable">
            <method name="Introspect"><arg type="s" direction="out"/></method>
          </interface>
        </node>
        """
    }
}
