import FoundationEssentials

/// How Varlink messages are read: the reference decoder, and the words for what went wrong.
enum VarlinkJSON {
    /// The reference reader, Foundation's `JSONDecoder` with default options: what ``VarlinkCall`` reads calls as
    /// (its reader, PaceJSON's, is compared with it in tests).
    static func decoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// The dotted path of the value a decoding error is about, for `InvalidParameter`.
    static func parameterName(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "parameters" }
        var path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: path = []
        }
        // Drop the envelope's own "parameters" key.
        if let first = path.first, first.stringValue == "parameters" { path.removeFirst() }
        let name = path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return name.isEmpty ? "parameters" : name
    }

    /// A short reason for a decoding failure, without Foundation's debug noise.
    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context): return "wrong type at \"\(path(context))\""
        case .valueNotFound(_, let context): return "null at \"\(path(context))\""
        case .dataCorrupted: return "malformed JSON"
        default: return "malformed JSON"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }
}
