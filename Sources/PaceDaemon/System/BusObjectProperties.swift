import PaceSystem

/// `org.freedesktop.DBus.Properties` for an object Pace serves (``BusConnection/export(path:handler:)``): read-only
/// properties of one interface.
enum BusObjectProperties {
    static let interface = "org.freedesktop.DBus.Properties"

    /// Answers `Get`, `GetAll` or `Set` in `message` from `properties`, the current values of `served`'s properties.
    @DaemonActor
    static func answer(
        _ message: BusMessage, _ call: BusIncomingCall, interface served: String,
        properties: () -> [(String, BusValue)]
    ) {
        let asked = message[0]?.string
        switch message.member {
        case "Get":
            guard let asked, let name = message[1]?.string else {
                return call.fail(error("InvalidArgs", "Get takes (s, s)"))
            }
            guard asked == served || asked.isEmpty, let value = properties().first(where: { $0.0 == name })?.1 else {
                return call.fail(error("UnknownProperty", "no property \(name) in \(asked)"))
            }
            call.reply([.variant(value)])
        case "GetAll":
            guard let asked else { return call.fail(error("InvalidArgs", "GetAll takes (s)")) }
            call.reply([.stringVariantDictionary(asked == served || asked.isEmpty ? properties() : [])])
        case "Set":
            call.fail(error("PropertyReadOnly", "the properties of \(served) are read-only"))
        default:
            call.fail(error("UnknownMethod", "\(interface).\(message.member ?? "?") is not a method"))
        }
    }

    private static func error(_ name: String, _ text: String) -> BusError {
        BusError(.remote, name: "org.freedesktop.DBus.Error." + name, text)
    }
}
