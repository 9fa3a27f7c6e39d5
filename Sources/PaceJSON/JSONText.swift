/// Values written as JSON text, byte for byte as `JSONEncoder` writes them with `.withoutEscapingSlashes`.
enum JSONText {
    /// Appends `value` as a JSON string: quotes, backslashes and control characters escaped as `JSONEncoder` escapes
    /// them (`\b`, `\t`, `\n`, `\f`, `\r`, the rest `\u00XX`), slashes left as they are.
    /// - Returns: Whether the string was written as it is: ASCII, and nothing in it escaped.
    @discardableResult
    static func appendString(_ value: String, to bytes: inout [UInt8]) -> Bool {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        let plain = value.withUTF8 { utf8 in
            var runStart = 0
            var highBits: UInt8 = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                highBits |= byte
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [
                        0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                    ])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            return runStart == 0 && highBits < 0x80
        }
        bytes.append(UInt8(ascii: "\""))
        return plain
    }

    /// Appends `value` in decimal, as `String(value)` writes it, without making the string.
    static func appendInteger(_ value: some BinaryInteger, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // The magnitude as unsigned, so that the minimum has one too.
        var magnitude = UInt64(value.magnitude)
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// A finite `Double` as `JSONEncoder` writes it: its `description`, without a trailing `.0`.
    ///
    /// Whole hundredths (every amount of points Pace writes is rounded to them) are written digit by digit: a reply
    /// carries a dozen, and `description` costs several hundred instructions each. The text is the same: the double
    /// nearest to k/100 is written by `description` as k/100 with its trailing zeros left out, since below 10^13 no
    /// decimal with fewer digits falls as near it (`JSONWriterTests.hundredthsAreWrittenAsDescriptionWritesThem`).
    static func appendDouble(_ value: Double, to bytes: inout [UInt8]) {
        let hundredths = (value * 100).rounded()
        if hundredths.magnitude < 1e15, hundredths / 100 == value, value != 0 || value.sign == .plus {
            let whole = Int64(hundredths)
            if whole < 0 { bytes.append(UInt8(ascii: "-")) }
            appendInteger(whole.magnitude / 100, to: &bytes)
            let fraction = Int(whole.magnitude % 100)
            if fraction != 0 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
                if fraction % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
            }
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A finite `Float` as `JSONEncoder` writes it: its `description`, without a trailing `.0`.
    static func appendFloat(_ value: Float, to bytes: inout [UInt8]) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }
}
