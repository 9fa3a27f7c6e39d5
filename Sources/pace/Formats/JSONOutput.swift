import FoundationEssentials

/// The `--json` output of every command: the reply's parameters with sorted keys; fields that are null are left
/// out. One document pretty-printed, or one compact object per line for streams (`watch`, `log dump`).
enum JSONOutput {
    /// `value` as an indented JSON document.
    static func render(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `value` as JSON on one line.
    static func line(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
