/// A type that reads itself from scanned JSON text (``JSONValueView``) as ``JSONReader`` reads its `Decodable`
/// conformance, without `Decoder`: generated for the wire's types, where the reading is measured to matter.
///
/// A reader gives the value, or `nil` where it does not decide — text the conformance would refuse, or read in a way
/// the reader does not follow (an unknown key, a key twice, an escaped enum name) — and its caller then decodes the
/// text with ``JSONReader``, which decides. So a reader may give up more often than needed, never read a different
/// value; property tests hold every generated reader to `JSONDecoder` (`GeneratedReaderTests`).
package protocol JSONReadable {
    /// The value `value` holds, or `nil` where the `Decodable` conformance must decide.
    static func read(_ value: JSONValueView) -> Self?
}

extension String: JSONReadable {
    package static func read(_ value: JSONValueView) -> String? { value.string() }
}

extension Int: JSONReadable {
    package static func read(_ value: JSONValueView) -> Int? { value.int() }
}

extension Int64: JSONReadable {
    package static func read(_ value: JSONValueView) -> Int64? { value.int64() }
}

extension Double: JSONReadable {
    package static func read(_ value: JSONValueView) -> Double? { value.double() }
}

extension Bool: JSONReadable {
    package static func read(_ value: JSONValueView) -> Bool? { value.bool() }
}

extension Optional: JSONReadable where Wrapped: JSONReadable {
    /// `nil` for `null`, as `Optional`'s `Decodable` conformance reads it (an array's element; a member that may be
    /// absent is read by ``JSONObjectFields/optionalValue(_:_:)``).
    package static func read(_ value: JSONValueView) -> Wrapped?? { value.optional(Wrapped.read) }
}

extension Array: JSONReadable where Element: JSONReadable {
    package static func read(_ value: JSONValueView) -> [Element]? { value.array(Element.read) }
}

extension Dictionary: JSONReadable where Key == String, Value: JSONReadable {
    package static func read(_ value: JSONValueView) -> [String: Value]? { value.dictionary(Value.read) }
}
