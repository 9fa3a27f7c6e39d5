/// One JSON object written straight into bytes, as `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`
/// writes it: members added in any order, sorted by key when the object is finished; an absent optional is left
/// out, as `encodeIfPresent` leaves it out.
///
/// Keys are ASCII literals without characters JSON escapes (property names), so they are written as they are and
/// sorted byte by byte, which for ASCII is the order of Swift's string comparison that `JSONEncoder` sorts by.
///
/// For the values written on every request (each acknowledged write's event, every reply's status), where the
/// Codable path costs more than the writing.
package struct JSONObjectWriter {
    private var values: [UInt8] = []
    private var members: [(key: StaticString, range: Range<Int>)] = []
    private var refused = false

    package init() {
        values.reserveCapacity(512)
        members.reserveCapacity(24)
    }

    private mutating func member(_ key: StaticString, _ write: (inout [UInt8]) -> Void) {
        let start = values.count
        write(&values)
        members.append((key, start..<values.count))
    }

    package mutating func string(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        member(key) { CompactJSONEncoder.appendString(value, to: &$0) }
    }

    package mutating func integer(_ key: StaticString, _ value: Int?) {
        guard let value else { return }
        member(key) { Self.appendDecimal(value, to: &$0) }
    }

    package mutating func integer(_ key: StaticString, _ value: Int64?) {
        integer(key, value.map { Int($0) })
    }

    /// `value` in decimal, as `String(value)` writes it, without making the string.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // The magnitude as unsigned, so that Int.min has one too.
        var magnitude = value.magnitude
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

    package mutating func bool(_ key: StaticString, _ value: Bool?) {
        guard let value else { return }
        raw(key, value ? ("true" as StaticString) : "false")
    }

    /// A finite double; an infinity or NaN makes the whole object fail, as `JSONEncoder` refuses it.
    package mutating func double(_ key: StaticString, _ value: Double?) {
        guard let value else { return }
        guard let text = CompactJSONEncoder.text(of: value) else {
            refused = true
            return
        }
        raw(key, text)
    }

    package mutating func strings(_ key: StaticString, _ value: [String]?) {
        guard let value else { return }
        member(key) { bytes in
            bytes.append(UInt8(ascii: "["))
            for (index, text) in value.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                CompactJSONEncoder.appendString(text, to: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        }
    }

    /// A member whose value is an object written by `writer`.
    package mutating func object(_ key: StaticString, _ writer: JSONObjectWriter?) {
        guard let writer else { return }
        guard let bytes = writer.json() else {
            refused = true
            return
        }
        member(key) { $0.append(contentsOf: bytes) }
    }

    /// A member whose value is `text`, already JSON.
    package mutating func raw(_ key: StaticString, _ text: StaticString) {
        member(key) { $0.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)) }
    }

    /// A member whose value is `text`, already JSON.
    package mutating func raw(_ key: StaticString, _ text: String) {
        member(key) { $0.append(contentsOf: text.utf8) }
    }

    /// The object's bytes; `nil` when a value could not be written.
    package func json() -> [UInt8]? {
        var output: [UInt8] = []
        return write(to: &output) ? output : nil
    }

    /// Appends the object's bytes to `output`. - Returns: `false` (and appends nothing) when a value could not be
    /// written.
    package func write(to output: inout [UInt8]) -> Bool {
        guard !refused else { return false }
        output.reserveCapacity(output.count + values.count + members.count * 20 + 2)
        output.append(UInt8(ascii: "{"))
        var first = true
        for member in members.sorted(by: { Self.precedes($0.key, $1.key) }) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(UInt8(ascii: "\""))
            output.append(
                contentsOf: UnsafeBufferPointer(start: member.key.utf8Start, count: member.key.utf8CodeUnitCount))
            output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
            output.append(contentsOf: values[member.range])
        }
        output.append(UInt8(ascii: "}"))
        return true
    }
}

extension JSONObjectWriter {
    /// Byte order of two ASCII keys: the order Swift's `<` gives them.
    static func precedes(_ a: StaticString, _ b: StaticString) -> Bool {
        let count = min(a.utf8CodeUnitCount, b.utf8CodeUnitCount)
        for index in 0..<count where a.utf8Start[index] != b.utf8Start[index] {
            return a.utf8Start[index] < b.utf8Start[index]
        }
        return a.utf8CodeUnitCount < b.utf8CodeUnitCount
    }
}

/// A value that writes its own JSON object (``JSONObjectWriter``) instead of going through `Encodable`; the bytes
/// must be those its `Encodable` conformance gives `JSONEncoder` with sorted keys (tests compare the two).
/// ``CompactJSONEncoder`` asks for it wherever such a value is encoded.
package protocol JSONObjectWritable {
    func jsonObject() -> JSONObjectWriter
}
