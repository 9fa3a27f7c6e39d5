/// A D-Bus message Pace received (a signal or a method reply), copied out of sd-bus into Swift values.
struct BusMessage: Sendable, Equatable {
    /// The unique name of the connection that sent it (`:1.42`), when the bus says.
    var sender: String?
    var path: String?
    var interface: String?
    var member: String?
    /// The arguments, in order.
    var body: [BusValue]

    init(
        sender: String? = nil, path: String? = nil, interface: String? = nil, member: String? = nil,
        body: [BusValue] = []
    ) {
        self.sender = sender
        self.path = path
        self.interface = interface
        self.member = member
        self.body = body
    }

    /// The argument at `index`, if there is one.
    subscript(_ index: Int) -> BusValue? {
        body.indices.contains(index) ? body[index] : nil
    }
}

/// A method call Pace sends.
struct BusMethodCall: Sendable {
    /// The well-known or unique name of the peer, e.g. `org.freedesktop.Notifications`.
    var destination: String
    var path: String
    var interface: String
    var member: String
    var arguments: [BusValue] = []
    /// Whether the bus may start `destination` (D-Bus activation) to answer. Probes pass `false`, so
    /// asking what a notification server can do never starts one.
    var allowsAutoStart = true

    /// `org.freedesktop.DBus.Properties.Get(interface, name)` on `destination` at `path`.
    static func getProperty(
        destination: String, path: String, interface: String, name: String, allowsAutoStart: Bool = false
    ) -> BusMethodCall {
        BusMethodCall(
            destination: destination, path: path, interface: "org.freedesktop.DBus.Properties", member: "Get",
            arguments: [.string(interface), .string(name)], allowsAutoStart: allowsAutoStart)
    }
}

/// A D-Bus match rule (`type='signal',sender='…',…`), built from its parts so values are quoted alike.
struct BusMatchRule: Sendable, Equatable, CustomStringConvertible {
    var sender: String?
    var path: String?
    var interface: String?
    var member: String?
    /// `arg0='…'`: the first string argument.
    var firstArgument: String?

    /// The rule text for `AddMatch`.
    var description: String {
        var parts = ["type='signal'"]
        if let sender { parts.append("sender='\(sender)'") }
        if let path { parts.append("path='\(path)'") }
        if let interface { parts.append("interface='\(interface)'") }
        if let member { parts.append("member='\(member)'") }
        if let firstArgument { parts.append("arg0='\(firstArgument)'") }
        return parts.joined(separator: ",")
    }

    /// `PropertiesChanged` for `interface` on the object at `path` of `sender`.
    static func propertiesChanged(sender: String, path: String, interface: String) -> BusMatchRule {
        BusMatchRule(
            sender: sender, path: path, interface: "org.freedesktop.DBus.Properties", member: "PropertiesChanged",
            firstArgument: interface)
    }

    /// The bus's `NameOwnerChanged` for one well-known name.
    static func nameOwnerChanged(_ name: String) -> BusMatchRule {
        BusMatchRule(
            sender: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
            member: "NameOwnerChanged", firstArgument: name)
    }
}
