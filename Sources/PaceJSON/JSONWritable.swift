/// A type that writes itself as JSON text (``JSONOutput``), byte for byte as ``JSONWriter`` writes its `Encodable`
/// conformance: generated for the wire's types and the log's events, where the writing is measured to matter.
package protocol JSONWritable {
    /// Writes the value.
    func write(to output: inout JSONOutput)
}

extension String: JSONWritable {
    package func write(to output: inout JSONOutput) { output.string(self) }
}

extension Int: JSONWritable {
    package func write(to output: inout JSONOutput) { output.integer(self) }
}

extension Int64: JSONWritable {
    package func write(to output: inout JSONOutput) { output.integer(self) }
}

extension Double: JSONWritable {
    package func write(to output: inout JSONOutput) { output.double(self) }
}

extension Bool: JSONWritable {
    package func write(to output: inout JSONOutput) { output.bool(self) }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
    /// The value, or `null` (as `JSONEncoder` writes a `nil` element; a member that is `nil` is left out instead).
    package func write(to output: inout JSONOutput) {
        if let self { self.write(to: &output) } else { output.null() }
    }
}

extension Array: JSONWritable where Element: JSONWritable {
    package func write(to output: inout JSONOutput) {
        output.beginArray()
        for element in self { element.write(to: &output) }
        output.endArray()
    }
}

extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
    /// An object, its keys in order of their UTF-8 bytes (as `JSONEncoder` sorts them).
    package func write(to output: inout JSONOutput) {
        output.beginObject()
        for key in keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            output.key(key)
            self[key]!.write(to: &output)
        }
        output.endObject()
    }
}
