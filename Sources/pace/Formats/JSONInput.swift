import PaceJSON

/// Reading JSON that people hand to `pace` (imports): PaceJSON's reader, which the daemon reads every message with
/// (held to `JSONDecoder` by its property tests), at a fraction of the cost for files of many thousand lines.
enum JSONInput {
    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        var text = text
        return try text.withUTF8 { try JSONReader().decode(type, from: UnsafeRawBufferPointer($0)) }
    }
}
