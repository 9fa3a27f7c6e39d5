/// A JSON document written as ``JSONOutput/render(_:)`` writes it, but with its large arrays written an element
/// at a time as they arrive (from paced, page by page), so that they are never held whole.
///
/// The document is rendered once with those arrays empty (`skeleton`); the text around each array comes from
/// there, and each element is rendered on its own and indented to its place. So keys, their order, the
/// indentation and an empty array are exactly what the encoder writes for the whole document.
final class StreamedJSON {
    private let output: OutputFile
    /// The skeleton's text after each streamed array's key (the first piece: before the first array's value).
    private var pieces: [String]
    /// An empty array as the encoder writes it.
    private let emptyArray: String
    /// How far elements are indented: two levels, for arrays that are members of the top-level object.
    private static let indent = "    "
    private var elements = 0

    /// Writes the document up to the value of the first of `arrays`.
    ///
    /// - Parameters:
    ///   - skeleton: The document with every array of `arrays` empty.
    ///   - arrays: Top-level keys whose values are arrays, in the order the encoder writes them (sorted).
    /// - Throws: ``CommandFailure``: the skeleton cannot be rendered or lacks a key; or from ``OutputFile``.
    init(_ skeleton: some Encodable, arrays: [String], to output: OutputFile) throws {
        self.output = output
        var text = try JSONOutput.render(skeleton)[...]
        var pieces: [String] = []
        var empty: String?
        for key in arrays {
            let member = "\"\(key)\" : "
            guard let range = text.firstRange(of: member), let close = text[range.upperBound...].firstIndex(of: "]")
            else {
                throw CommandFailure.cannotCreate("cannot write the document: it has no array \(key)")
            }
            pieces.append(String(text[..<range.upperBound]))
            let end = text.index(after: close)
            empty = String(text[range.upperBound..<end])
            text = text[end...]
        }
        pieces.append(String(text))
        self.pieces = pieces
        self.emptyArray = empty ?? "[]"
        try output.write(self.pieces.removeFirst())
    }

    /// Writes the next element of the current array.
    func add(_ element: some Encodable) throws {
        let text = try JSONOutput.render(element)
        var indented = elements == 0 ? "[\n" : ",\n"
        var first = true
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !first { indented += "\n" }
            // The encoder leaves the blank line inside an empty array blank.
            if !line.isEmpty { indented += Self.indent + line }
            first = false
        }
        elements += 1
        try output.write(indented)
    }

    /// Ends the current array and writes the document up to the next array's value (or to its end).
    func endArray() throws {
        try output.write(elements == 0 ? emptyArray : "\n  ]")
        elements = 0
        if !pieces.isEmpty { try output.write(pieces.removeFirst()) }
    }
}
