/// Why a D-Bus connection or call failed.
struct BusError: Error, Equatable, CustomStringConvertible {
    /// The kind of failure; new codes may be added.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case cannotConnect, disconnected, notConnected, noReply, remote, invalidMessage
        }
        private let kind: Kind

        /// No connection could be made: no bus at the address, or it refused us.
        static let cannotConnect = Code(kind: .cannotConnect)
        /// The connection ended (the bus went away) before the call was answered.
        static let disconnected = Code(kind: .disconnected)
        /// There is no connection to send the call on.
        static let notConnected = Code(kind: .notConnected)
        /// The peer did not answer within the call's timeout.
        static let noReply = Code(kind: .noReply)
        /// The peer answered with a D-Bus error (see ``BusError/name``).
        static let remote = Code(kind: .remote)
        /// sd-bus refused to build or read a message (a bug in Pace, or a peer sending the wrong types).
        static let invalidMessage = Code(kind: .invalidMessage)

        var description: String { "\(kind)" }
    }

    var code: Code
    /// The D-Bus error name for ``Code/remote`` (e.g. `org.freedesktop.DBus.Error.ServiceUnknown`).
    var name: String?
    /// What went wrong, in words.
    var message: String

    init(_ code: Code, name: String? = nil, _ message: String) {
        self.code = code
        self.name = name
        self.message = message
    }

    var description: String {
        if let name { return "\(message) (\(name))" }
        return message
    }

    /// The peer is not on the bus (and may not be started): `ServiceUnknown` or `NameHasNoOwner`.
    var isPeerAbsent: Bool {
        name == "org.freedesktop.DBus.Error.ServiceUnknown" || name == "org.freedesktop.DBus.Error.NameHasNoOwner"
    }
}
