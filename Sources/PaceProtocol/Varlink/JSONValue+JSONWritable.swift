package import PaceJSON

extension JSONValue: JSONWritable {
    /// Writes the value as ``JSONWriter`` writes its `Encodable` conformance.
    package func write(to output: inout JSONOutput) {
        switch self {
        case .null: output.null()
        case .bool(let value): output.bool(value)
        case .integer(let value): output.integer(value)
        case .number(let value): output.double(value)
        case .string(let value): output.string(value)
        case .array(let values): values.write(to: &output)
        case .object(let members): members.write(to: &output)
        }
    }
}
