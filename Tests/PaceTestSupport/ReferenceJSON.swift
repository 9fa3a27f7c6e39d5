import FoundationEssentials

/// The reference the log's and the wire's bytes are held to: Foundation's `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]`, what Pace has always written.
package enum ReferenceJSON {
    /// The bytes the reference writes for `value`.
    package static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value))
    }
}
