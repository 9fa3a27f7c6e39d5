package import PaceJSON

extension JSONValue: JSONReadable {
    /// The value as its `Decodable` conformance reads it: `null`, a boolean, an integer where the number is a whole
    /// one that fits 64 bits, another number, a string, an array, an object; `nil` where that conformance must decide
    /// (a number it cannot read, a string that is not UTF-8, two keys that are the same string).
    package static func read(_ value: JSONValueView) -> JSONValue? {
        if value.isNull { return .null }
        if let bool = value.bool() { return .bool(bool) }
        if let integer = value.int64() { return .integer(integer) }
        if let number = value.double() { return .number(number) }
        if let string = value.string() { return .string(string) }
        if let array = value.array(JSONValue.read) { return .array(array) }
        if let members = value.dictionary(JSONValue.read) { return .object(members) }
        return nil
    }
}
