import PaceJSON

/// Reading JSON that people hand to `pace` (imports): PaceJSON's reader, which the daemon reads every message with
/// (held to `JSONDecoder` by its property tests), at a fraction of the cost for files of many thousand lines.
enum JSONInput {
    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        var text = text
        return try text.withUTF8 { try JSONReader().decode(type, from: UnsafeRawBufferPointer($0)) }
    }

    /// The value `bytes` hold, read by its own reader (``JSONReadable``, generated) from the text scanned once where
    /// it decides, and by ``JSONReader`` where it does not; `nil` when the text is not such a value.
    static func read<Value: Decodable & JSONReadable>(_ type: Value.Type, from bytes: UnsafeRawBufferPointer) -> Value?
    {
        guard let document = try? JSONDocument(Array(bytes)) else { return nil }
        return document.read(Value.read) ?? (try? document.decode(type))
    }
}
