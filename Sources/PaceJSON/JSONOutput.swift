/// JSON text written value by value by types that write themselves (``JSONWritable``): the fast path beside
/// ``JSONWriter``, for the values written most often, with none of `Encoder`'s generic machinery.
///
/// Each value is written as ``JSONWriter`` (and `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`)
/// writes it, and commas come by themselves; what the writer of a type must do is what `JSONEncoder` does with a
/// synthesized `Encodable` conformance: write an object's keys in order of their UTF-8 bytes, each once, and leave
/// out the optionals that are `nil`. Property tests compare the two writers for every type that writes itself.
package struct JSONOutput {
    /// The text so far.
    package private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma before it.
    private var separated = false
    /// Whether a value could not be written: an infinite or NaN number, which `JSONEncoder` refuses. The text is then
    /// not to be used: ``JSONWriter`` gives the error.
    package private(set) var failed = false

    package init() {
        bytes.reserveCapacity(512)
    }

    /// The text of `value`, or `nil` when it holds a number JSON cannot write (``failed``).
    package static func text(of value: some JSONWritable) -> [UInt8]? {
        var output = JSONOutput()
        value.write(to: &output)
        return output.failed ? nil : output.bytes
    }

    @inline(__always)
    private mutating func separate() {
        if separated { bytes.append(UInt8(ascii: ",")) }
        separated = true
    }

    /// Opens an object; its members follow, each a ``member(_:)`` (or ``key(_:)``) and a value.
    package mutating func beginObject() { open(UInt8(ascii: "{")) }
    package mutating func endObject() { close(UInt8(ascii: "}")) }
    /// Opens an array; its elements follow.
    package mutating func beginArray() { open(UInt8(ascii: "[")) }
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        separated = false
    }

    private mutating func close(_ bracket: UInt8) {
        bytes.append(bracket)
        separated = true
    }

    /// The key of the next member: a name in plain ASCII that needs no escape (checked in debug builds), as generated
    /// code writes them.
    package mutating func member(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { utf8 in
            assert(utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != UInt8(ascii: "\"") && $0 != 0x5C })
            bytes.append(contentsOf: utf8)
        }
        // Byte by byte: an array of the two would be made for every key.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        separated = false
    }

    /// The key of the next member, escaped as a string.
    package mutating func key(_ key: String) {
        separate()
        JSONText.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        separated = false
    }

    package mutating func string(_ value: String) {
        separate()
        JSONText.appendString(value, to: &bytes)
    }

    package mutating func integer(_ value: some BinaryInteger) {
        separate()
        JSONText.appendInteger(value, to: &bytes)
    }

    /// ``integer(_:)`` for the types events and replies use, written by code specialized for them: the generic one,
    /// called from another module, works through `BinaryInteger`'s witnesses (800 instructions a number).
    package mutating func integer(_ value: Int) {
        separate()
        JSONText.appendInteger(value, to: &bytes)
    }

    package mutating func integer(_ value: Int64) {
        separate()
        JSONText.appendInteger(value, to: &bytes)
    }

    /// A finite number; an infinite or NaN one makes the text ``failed``.
    package mutating func double(_ value: Double) {
        separate()
        guard value.isFinite else {
            failed = true
            return
        }
        JSONText.appendDouble(value, to: &bytes)
    }

    package mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: value ? Self.trueText : Self.falseText)
    }

    package mutating func null() {
        separate()
        bytes.append(contentsOf: Self.nullText)
    }

    /// A value written some other way, as its whole text (or `nil`, which makes the text ``failed``).
    package mutating func text(_ text: [UInt8]?) {
        separate()
        guard let text else {
            failed = true
            return
        }
        bytes.append(contentsOf: text)
    }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)
    private static let nullText = Array("null".utf8)
}
