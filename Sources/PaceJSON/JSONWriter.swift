/// Encodes `Encodable` values as compact JSON text with sorted keys and unescaped slashes: the bytes of Foundation's
/// `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`, for a fraction of the work.
///
/// Values are written straight into one buffer as they are encoded (``JSONEncoding``); an object whose keys came
/// in sorted order needs nothing more, and any other is put in order when it is finished. Keys are sorted by their
/// UTF-8 bytes (what `JSONEncoder` does on Linux: by Unicode scalars, not as Swift strings compare); doubles are
/// written as their `description` without a trailing `.0`, as `JSONEncoder` writes them. Property tests compare the
/// two. Foundation's `Date`, `Data`, `URL`
/// and `Decimal` are encoded by their own `Encodable` conformances, not by `JSONEncoder`'s strategies (this module
/// does not know Foundation; Pace encodes none of them).
package struct JSONWriter: Sendable {
    package init() {}

    /// The JSON text of `value`.
    /// - Throws: `EncodingError.invalidValue` for an infinite or NaN number, as `JSONEncoder` does.
    package func encode(_ value: some Encodable) throws -> [UInt8] {
        try encoders.with { try $0.text(of: value) }
    }
}
