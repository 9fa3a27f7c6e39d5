/// Decodes `Decodable` values from JSON text: what `JSONDecoder` (default options) decodes, for a fraction of the
/// work.
///
/// The text is scanned once into tokens (``JSONScanner``); containers look their members up in place and numbers and
/// strings are converted only when asked for, so nothing is built that the value does not need. Values, errors and
/// their coding paths are those `JSONDecoder` gives for the same text (property tests compare the two), with these
/// differences: the text must be UTF-8 (`JSONDecoder` also takes UTF-16 and UTF-32); a malformed number, escape or
/// control character is refused wherever it is (`JSONDecoder` lets it pass in a value nobody reads); and
/// Foundation's `Date`, `Data`, `URL` and `Decimal` are decoded by their own `Decodable` conformances (this module
/// does not know Foundation), not by `JSONDecoder`'s strategies.
package struct JSONReader: Sendable {
    package init() {}

    /// The value of type `type` that `bytes` hold.
    /// - Throws: `DecodingError`, as `JSONDecoder` throws it: `dataCorrupted` (with an empty coding path) for text
    ///   that is not JSON, `keyNotFound`, `valueNotFound` and `typeMismatch` with the path of the value at fault.
    package func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        if let value = try bytes.withContiguousStorageIfAvailable({ try decode(type, from: UnsafeRawBufferPointer($0)) }
        ) {
            return value
        }
        return try Array(bytes).withUnsafeBytes { try decode(type, from: $0) }
    }

    /// The value of type `type` that `bytes` hold.
    /// - Throws: `DecodingError`, as ``decode(_:from:)-(_,Collection<UInt8>)`` does.
    package func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        try decoders.with { decoder in
            let tokens = decoder.tokenSpace(JSONScanner.capacity(for: bytes))
            let count = try Self.scan(bytes, into: tokens)
            return try decoder.decode(type, bytes: bytes, tokens: UnsafeBufferPointer(start: tokens, count: count))
        }
    }

    /// Reads the members of the object `bytes` hold with `body` (``JSONObjectFields``): the fast path of types that
    /// read themselves. `body` is not called when the bytes are not JSON text holding an object; where it gives up,
    /// or is not called, the caller decodes the bytes with ``decode(_:from:)-(_,UnsafeRawBufferPointer)``, which
    /// decides. (Not generic, so that calling it costs no run-time type lookups: `body` keeps what it reads.)
    package func withObject(_ bytes: UnsafeRawBufferPointer, _ body: (inout JSONObjectFields) -> Void) {
        decoders.with { decoder in
            let tokens = decoder.tokenSpace(JSONScanner.capacity(for: bytes))
            guard let count = try? JSONScanner.scan(bytes, into: tokens), tokens[0].kind == .object else { return }
            var fields = JSONObjectFields(bytes: bytes, tokens: UnsafeBufferPointer(start: tokens, count: count))
            body(&fields)
        }
    }

    /// The tokens of `bytes`, or the error `JSONDecoder` throws for text that is not JSON.
    static func scan(_ bytes: UnsafeRawBufferPointer) throws(DecodingError) -> [JSONToken] {
        do {
            return try JSONScanner.scan(bytes)
        } catch {
            throw corrupted(error)
        }
    }

    /// Scans `bytes` into `tokens` (room for ``JSONScanner/capacity(for:)`` of them) and returns how many there
    /// are, or throws the error `JSONDecoder` throws for text that is not JSON.
    static func scan(_ bytes: UnsafeRawBufferPointer, into tokens: UnsafeMutablePointer<JSONToken>)
        throws(DecodingError) -> Int
    {
        do {
            return try JSONScanner.scan(bytes, into: tokens)
        } catch {
            throw corrupted(error)
        }
    }

    private static func corrupted(_ error: JSONSyntaxError) -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: [], debugDescription: "The given data was not valid JSON.", underlyingError: error))
    }
}
