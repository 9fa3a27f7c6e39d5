package import PaceCore

/// Learns the log's shape of an event type from its `Decodable` conformance: decoding an event from this decoder
/// records every key it reads, whether it is optional, and what kind of value it takes, while the decoder hands back
/// the first value of each kind (and `type` for the tag, so the payload of that type is the one decoded).
package final class SchemaRecorder: Decoder {
    /// One key an event type reads.
    package struct Field: Equatable {
        package var name: String
        package var optional: Bool
        /// The value in words: `integer`, `` `light`\|`moderate` ``, `ms` (an instant), …
        package var value: String
        /// The Swift type decoded (`Int` for an `Int?`).
        package var type: Any.Type

        package static func == (left: Field, right: Field) -> Bool {
            left.name == right.name && left.optional == right.optional && left.value == right.value
                && left.type == right.type
        }
    }

    private let type: String
    package private(set) var fields: [Field] = []
    package var codingPath: [any CodingKey] = []
    package var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// A recorder that answers `type` when asked for the tag `type`.
    package init(type: String) { self.type = type }

    /// The fields `Event` reads for an event of type `type`, in the order it reads them (the tag left out).
    package static func fields(of type: String) throws -> [Field] {
        try sample(of: type).fields
    }

    /// The fields `Event` reads for an event of type `type`, and the event it decodes from the first value of each.
    package static func sample(of type: String) throws -> (fields: [Field], event: Event) {
        let recorder = SchemaRecorder(type: type)
        let event = try Event(from: recorder)
        return (recorder.fields, event)
    }

    func record(_ key: some CodingKey, _ type: Any.Type, optional: Bool) {
        guard key.stringValue != "type" else { return }
        fields.append(Field(name: key.stringValue, optional: optional, value: Self.describe(type), type: type))
    }

    /// The kind of value `type` is, in words.
    package static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Instant.Type: return "ms"
        case is ReminderID.Type: return "reminder id"
        case is EventID.Type: return "event id"
        case is [ReminderID].Type: return "reminder ids"
        case is String.Type: return "text"
        case is Int.Type: return "integer"
        case is Double.Type: return "number"
        case is Bool.Type: return "`true`\\|`false`"
        case let values as any (CaseIterable & RawRepresentable).Type:
            return values.names.map { "`\($0)`" }.joined(separator: "\\|")
        default: return "\(type)"
        }
    }

    package func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed(recorder: self))
    }

    package func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Empty() }
    package func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(tag: type) }

    /// A first value of `type`, read through a recorder that records nothing more.
    fileprivate func sample<T: Decodable>(_ type: T.Type, tag: Bool) throws -> T {
        if tag, let value = self.type as? T { return value }
        if let values = T.self as? any (CaseIterable & Decodable).Type, let first = values.firstCase as? T {
            return first
        }
        return try T(from: SampleDecoder())
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recorder: SchemaRecorder
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            recorder.record(key, type, optional: false)
            return try recorder.sample(type, tag: key.stringValue == "type")
        }

        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            recorder.record(key, type, optional: true)
            return nil
        }

        // The primitives' own requirements (their defaults would ask `decode`, and record the key as required).
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { absent(type, key) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { absent(type, key) }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { absent(type, key) }
        func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { absent(type, key) }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { absent(type, key) }
        func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { absent(type, key) }
        func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { absent(type, key) }
        func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { absent(type, key) }
        func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { absent(type, key) }
        func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { absent(type, key) }
        func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { absent(type, key) }
        func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { absent(type, key) }
        func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { absent(type, key) }
        func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { absent(type, key) }

        private func absent<T>(_ type: T.Type, _ key: Key) -> T? {
            recorder.record(key, type, optional: true)
            return nil
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            KeyedDecodingContainer(Keyed<NestedKey>(recorder: recorder))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { Empty() }
        func superDecoder() throws -> any Decoder { recorder }
        func superDecoder(forKey key: Key) throws -> any Decoder { recorder }
    }
}

/// Hands back a first value of anything, recording nothing: 0, "", false, empty arrays.
private struct SampleDecoder: Decoder {
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw DecodingError.typeMismatch(type, .init(codingPath: [], debugDescription: "a sample is a single value"))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Empty() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(tag: "") }
}

private struct Single: SingleValueDecodingContainer {
    let tag: String
    var codingPath: [any CodingKey] { [] }
    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { false }
    func decode(_ type: String.Type) throws -> String { tag }
    func decode(_ type: Double.Type) throws -> Double { 0 }
    func decode(_ type: Float.Type) throws -> Float { 0 }
    func decode(_ type: Int.Type) throws -> Int { 0 }
    func decode(_ type: Int8.Type) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: SampleDecoder()) }
}

private struct Empty: UnkeyedDecodingContainer {
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 0 }
    var isAtEnd: Bool { true }
    var currentIndex: Int { 0 }
    mutating func decodeNil() throws -> Bool { false }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        throw DecodingError.valueNotFound(type, .init(codingPath: [], debugDescription: "empty"))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw DecodingError.valueNotFound(type, .init(codingPath: [], debugDescription: "empty"))
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { self }
    mutating func superDecoder() throws -> any Decoder { SampleDecoder() }
}

extension CaseIterable where Self: RawRepresentable {
    /// The raw values, in declaration order.
    fileprivate static var names: [String] { allCases.map { "\($0.rawValue)" } }
}

extension CaseIterable {
    fileprivate static var firstCase: Any? { allCases.first }
}
