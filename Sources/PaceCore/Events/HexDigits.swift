/// 64-bit halves of ids written as hexadecimal digits, as event ids (``EventID``) and device ids (``DeviceID``) are.
enum HexDigits {
    /// The value `digits` spell (16 at the most), or `nil` when one is not a hexadecimal digit; capitals count only
    /// when `capitals` is true.
    static func value(_ digits: some Collection<UInt8>, capitals: Bool) -> UInt64? {
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F") where capitals: digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// Appends the 16 lowercase digits of `value` to `bytes`.
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for index in 0..<16 { bytes.append(lowercase[Int(value >> UInt64(60 - 4 * index) & 0xf)]) }
    }

    private static let lowercase = Array("0123456789abcdef".utf8)
}
