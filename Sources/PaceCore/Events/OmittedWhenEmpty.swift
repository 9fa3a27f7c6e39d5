/// A collection that is left out of an encoding when it is empty, and read as empty when absent, as an optional
/// field is: `@OmittedWhenEmpty var covers: [ReminderID]`.
@propertyWrapper
package struct OmittedWhenEmpty<Value: RangeReplaceableCollection & Codable & Equatable & Sendable>: Codable,
    Equatable, Sendable
{
    package var wrappedValue: Value

    package init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    package init(from decoder: any Decoder) throws {
        wrappedValue = try Value(from: decoder)
    }

    package func encode(to encoder: any Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }
}

// Synthesized `Codable` calls these for a wrapped property (they are more specific than the generic members), so
// the key is written only when there is something in it, and a missing key reads as empty.

extension KeyedEncodingContainer {
    package mutating func encode<Value>(_ value: OmittedWhenEmpty<Value>, forKey key: Key) throws {
        if !value.wrappedValue.isEmpty { try encode(value.wrappedValue, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    package func decode<Value>(_ type: OmittedWhenEmpty<Value>.Type, forKey key: Key) throws -> OmittedWhenEmpty<Value>
    {
        OmittedWhenEmpty(wrappedValue: try decodeIfPresent(Value.self, forKey: key) ?? Value())
    }
}
