/// JSON string contents turned into Swift strings, by the rules `JSONDecoder` reads them with: the bytes must be
/// UTF-8, escapes are those of RFC 8259, and a `\u` escape of a UTF-16 surrogate must be a whole pair.
enum JSONString {
    /// The value of a hexadecimal digit.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The string whose contents (between the quotes) are `contents`, scanned with `flags`.
    /// - Returns: `nil` when the bytes are not UTF-8 or an escape is not a whole character.
    static func decode(_ contents: UnsafeRawBufferPointer, flags: UInt8) -> String? {
        if flags & JSONToken.escaped == 0 {
            // Through a typed buffer: the standard library's fast path for it needs no generic metadata.
            let utf8 = contents.assumingMemoryBound(to: UInt8.self)
            return flags & JSONToken.nonASCII == 0
                ? String(decoding: utf8, as: UTF8.self) : String(validating: utf8, as: UTF8.self)
        }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(contents.count)
        var index = 0
        var runStart = 0
        while index < contents.count {
            guard contents[index] == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            utf8.append(contentsOf: UnsafeRawBufferPointer(rebasing: contents[runStart..<index]))
            // The scanner checked the escape's shape: a known letter, or `u` and four hexadecimal digits.
            let letter = contents[index + 1]
            index += 2
            switch letter {
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                let unit = hex4(contents, at: index)
                index += 4
                let scalar: Unicode.Scalar
                if UTF16.isLeadSurrogate(unit) {
                    guard index + 6 <= contents.count, contents[index] == UInt8(ascii: "\\"),
                        contents[index + 1] == UInt8(ascii: "u")
                    else { return nil }
                    let trail = hex4(contents, at: index + 2)
                    guard UTF16.isTrailSurrogate(trail) else { return nil }
                    index += 6
                    scalar = UTF16.decode(UTF16.EncodedScalar([unit, trail]))
                } else {
                    guard let single = Unicode.Scalar(unit) else { return nil }
                    scalar = single
                }
                utf8.append(contentsOf: UTF8.encode(scalar)!)
            default:
                // `"`, `\` and `/` stand for themselves.
                utf8.append(letter)
            }
            runStart = index
        }
        utf8.append(contentsOf: UnsafeRawBufferPointer(rebasing: contents[runStart..<contents.count]))
        return String(validating: utf8, as: UTF8.self)
    }

    /// Four hexadecimal digits at `index` (the scanner has checked them).
    private static func hex4(_ contents: UnsafeRawBufferPointer, at index: Int) -> UInt16 {
        var value: UInt16 = 0
        for offset in 0..<4 { value = value << 4 | UInt16(hexValue(contents[index + offset]) ?? 0) }
        return value
    }
}
