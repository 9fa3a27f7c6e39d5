/// Where a bus is, and which socket file (if any) to watch for it to appear.
struct BusAddress: Sendable, Equatable, CustomStringConvertible {
    /// The D-Bus address string for sd-bus, e.g. `unix:path=/run/user/1000/bus`.
    var address: String
    /// The socket file, when the address is one `unix:path=` transport: its appearance is worth a connection
    /// attempt. `nil` for abstract sockets, TCP, or lists of addresses, which are retried on a timer instead.
    var socketPath: String?

    init(_ address: String) {
        self.address = address
        self.socketPath = Self.socketPath(of: address)
    }

    var description: String { address }

    /// The user's session bus: `DBUS_SESSION_BUS_ADDRESS`, else `$XDG_RUNTIME_DIR/bus` (where systemd's user
    /// manager puts it), else none.
    static func session(environment: [String: String]) -> BusAddress? {
        if let address = environment["DBUS_SESSION_BUS_ADDRESS"], !address.isEmpty { return BusAddress(address) }
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            return BusAddress("unix:path=" + escape(runtime + "/bus"))
        }
        return nil
    }

    /// The system bus: `DBUS_SYSTEM_BUS_ADDRESS`, else the standard socket.
    static func system(environment: [String: String]) -> BusAddress {
        if let address = environment["DBUS_SYSTEM_BUS_ADDRESS"], !address.isEmpty { return BusAddress(address) }
        return BusAddress("unix:path=/run/dbus/system_bus_socket")
    }

    /// The path of a single `unix:path=…` address, unescaped; `nil` for anything else.
    static func socketPath(of address: String) -> String? {
        guard !address.contains(";"), address.hasPrefix("unix:") else { return nil }
        for parameter in address.dropFirst("unix:".count).split(separator: ",") {
            guard parameter.hasPrefix("path=") else { continue }
            let path = unescape(parameter.dropFirst("path=".count))
            return path?.hasPrefix("/") == true ? path : nil
        }
        return nil
    }

    /// D-Bus address escaping: bytes other than `-`, digits, letters, `_`, `/`, `.` and `*` become `%XX`.
    static func escape(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"),
                UInt8(ascii: "."), UInt8(ascii: "*"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789abcdef".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return result
    }

    /// Undoes ``escape(_:)``; `nil` for a malformed `%` sequence.
    static func unescape(_ value: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = value.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let decoded = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(decoded)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
