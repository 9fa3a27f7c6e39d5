import FoundationEssentials

/// Reading JSON that people hand to `pace` (imports).
enum JSONInput {
    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
