/// JSON text scanned once, for decoding values from it later, one or several times (a Varlink call: its envelope
/// when it arrives, its parameters when its handler asks for them).
package struct JSONDocument: Sendable {
    /// The text.
    package let bytes: [UInt8]
    private let tokens: [JSONToken]

    /// Scans `bytes`.
    /// - Throws: `DecodingError.dataCorrupted` when they are not JSON text, as ``JSONReader`` does.
    package init(_ bytes: [UInt8]) throws(DecodingError) {
        self.bytes = bytes
        let scanned = bytes.withUnsafeBytes { bytes in
            Result { () throws(DecodingError) in try JSONReader.scan(bytes) }
        }
        tokens = try scanned.get()
    }

    /// The value of type `type` the text holds, as ``JSONReader/decode(_:from:)-(_,Collection<UInt8>)`` decodes it.
    package func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoders.with { decoder in
            try bytes.withUnsafeBytes { bytes in
                try tokens.withUnsafeBufferPointer { tokens in try decoder.decode(type, bytes: bytes, tokens: tokens) }
            }
        }
    }

    /// Reads the members of the object the text holds with `body` (``JSONObjectFields``): the fast path of types that
    /// read themselves, from the tokens scanned once. `nil` when the text is not an object or `body` gives up; the
    /// caller then decodes the text with ``decode(_:)``, which decides.
    package func withObject<T>(_ body: (inout JSONObjectFields) -> T?) -> T? {
        bytes.withUnsafeBytes { bytes in
            tokens.withUnsafeBufferPointer { tokens in
                guard tokens[0].kind == .object else { return nil }
                var fields = JSONObjectFields(bytes: bytes, tokens: tokens)
                return body(&fields)
            }
        }
    }

    /// The value the text holds, read by `read` (a ``JSONReadable`` type's, for one); `nil` where `read` gives up.
    package func read<T>(_ read: (JSONValueView) -> T?) -> T? {
        bytes.withUnsafeBytes { bytes in
            tokens.withUnsafeBufferPointer { tokens in read(JSONValueView(bytes: bytes, tokens: tokens, index: 0)) }
        }
    }
}
