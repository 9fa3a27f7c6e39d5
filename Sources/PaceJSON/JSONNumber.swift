/// JSON number text turned into Swift numbers, by the rules `JSONDecoder` reads them with.
///
/// - An integer type takes a number written as an integer if it is in range; one written with a fraction or an
///   exponent if it is a whole number: read as a `Double` below 2⁵³ in magnitude, and above that from its digits
///   (at most 19 significant ones), the fraction cut off, as `JSONDecoder`'s `Decimal` path does.
/// - `Double` and `Float` take the correctly rounded value, and refuse a number too large for them and one that
///   rounds to zero although it is not zero.
enum JSONNumber {
    /// The number in `text` as `T`, or `nil` when it does not fit.
    static func integer<T: FixedWidthInteger>(_ text: UnsafeRawBufferPointer, integral: Bool, as type: T.Type) -> T? {
        if integral {
            let (negative, first) = sign(text)
            var magnitude: UInt64 = 0
            if text.count - first <= 19 {
                // Nineteen digits cannot overflow 64 bits.
                for index in first..<text.count {
                    magnitude = magnitude &* 10 &+ UInt64(text[index] &- UInt8(ascii: "0"))
                }
                return negative ? negated(magnitude, as: T.self) : T(exactly: magnitude)
            }
            for index in first..<text.count {
                let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, carry) = times.addingReportingOverflow(UInt64(text[index] &- UInt8(ascii: "0")))
                guard !overflow, !carry else { return nil }
                magnitude = sum
            }
            return negative ? negated(magnitude, as: T.self) : T(exactly: magnitude)
        }
        guard let double = Double(String(decoding: text, as: UTF8.self)), let value = T(exactly: double) else {
            return nil
        }
        if double.magnitude < 9_007_199_254_740_992 { return value }
        return decimal(text, as: T.self)
    }

    /// Whether the number is negative, and where its digits start.
    @inline(__always)
    private static func sign(_ text: UnsafeRawBufferPointer) -> (negative: Bool, digits: Int) {
        text[0] == UInt8(ascii: "-") ? (true, 1) : (false, 0)
    }

    /// `-magnitude` as `T`, for an integer written as one (so `Int.min` is in range).
    private static func negated<T: FixedWidthInteger>(_ magnitude: UInt64, as type: T.Type) -> T? {
        guard T.isSigned else { return magnitude == 0 ? 0 : nil }
        if let value = T(exactly: magnitude) { return 0 - value }
        // The one negative number whose magnitude is not a positive value of the type.
        return T.min.magnitude == magnitude ? T.min : nil
    }

    /// A large whole number written with a fraction or an exponent, from its digits, as `JSONDecoder` reads it through
    /// `Decimal`: the significant digits (trailing zeros count as exponent) as an unsigned 64-bit integer, scaled by
    /// the exponent, the fraction cut off; the magnitude must then fit `T` (so the type's minimum is out of reach, as
    /// in `JSONDecoder`).
    private static func decimal<T: FixedWidthInteger>(_ text: UnsafeRawBufferPointer, as type: T.Type) -> T? {
        var (negative, index) = sign(text)
        var mantissa: UInt64 = 0
        var exponent = 0
        var zeros = 0
        var inFraction = false
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
            index += 1
            if byte == UInt8(ascii: ".") {
                inFraction = true
                continue
            }
            if inFraction { exponent -= 1 }
            let digit = UInt64(byte &- UInt8(ascii: "0"))
            guard digit > 0 else {
                zeros += 1
                continue
            }
            for _ in 0...zeros {
                let (times, overflow) = mantissa.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                mantissa = times
            }
            zeros = 0
            let (sum, carry) = mantissa.addingReportingOverflow(digit)
            guard !carry else { return nil }
            mantissa = sum
        }
        exponent += zeros
        if index < text.count {
            index += 1
            var sign = 1
            if text[index] == UInt8(ascii: "-") || text[index] == UInt8(ascii: "+") {
                if text[index] == UInt8(ascii: "-") { sign = -1 }
                index += 1
            }
            var written = 0
            while index < text.count {
                written = min(written * 10 + Int(text[index] &- UInt8(ascii: "0")), 1_000_000)
                index += 1
            }
            exponent += sign * written
        }
        while exponent > 0 && mantissa > 0 {
            let (times, overflow) = mantissa.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            mantissa = times
            exponent -= 1
        }
        while exponent < 0 && mantissa > 0 {
            mantissa /= 10
            exponent += 1
        }
        guard let magnitude = T(exactly: mantissa) else { return nil }
        return negative ? (T.isSigned ? 0 - magnitude : (magnitude == 0 ? 0 : nil)) : magnitude
    }

    /// Powers of ten a `Double` holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// The number in `text` as a `Double`, correctly rounded; `nil` when it is too large or rounds to zero.
    static func double(_ text: UnsafeRawBufferPointer) -> Double? {
        // Most numbers have few digits and a small exponent: the digits and a power of ten are then exact
        // doubles, and one division or multiplication rounds correctly (Clinger's fast path).
        var (negative, index) = sign(text)
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var simple = true
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                simple = false
                break
            }
            mantissa = mantissa &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
            if mantissa != 0 { digits += 1 }
            index += 1
        }
        if simple {
            // The digits after the point.
            if let point = text.firstIndex(of: UInt8(ascii: ".")) { exponent = point + 1 - text.count }
            if digits <= 15 && -exponent < exactPowersOfTen.count {
                let value = Double(mantissa)
                let scaled = exponent == 0 ? value : value / exactPowersOfTen[-exponent]
                return negative ? -scaled : scaled
            }
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
        if value == 0 && !isZero(text) { return nil }
        return value
    }

    /// The number in `text` as a `Float`, correctly rounded; `nil` when it is too large or rounds to zero.
    static func float(_ text: UnsafeRawBufferPointer) -> Float? {
        guard let value = Float(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
        if value == 0 && !isZero(text) { return nil }
        return value
    }

    /// Whether every digit before the exponent is 0.
    private static func isZero(_ text: UnsafeRawBufferPointer) -> Bool {
        for byte in text {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return true }
            if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(byte) { return false }
        }
        return true
    }
}
