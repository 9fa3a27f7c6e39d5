/// Swift source written line by line, with four-space indentation and `{ }` blocks.
struct SwiftSourceWriter {
    private(set) var text = ""
    private var depth = 0
    /// Nothing has been written in the innermost block yet.
    private(set) var isAtBlockStart = true

    mutating func line(_ line: String = "") {
        text += line.isEmpty ? "\n" : String(repeating: "    ", count: depth) + line + "\n"
        isAtBlockStart = false
    }

    /// `header {`, and what follows indented.
    mutating func open(_ header: String) {
        line(header + " {")
        depth += 1
        isAtBlockStart = true
    }

    mutating func close() {
        depth -= 1
        line("}")
    }

    mutating func indented(_ body: (inout SwiftSourceWriter) -> Void) {
        depth += 1
        body(&self)
        depth -= 1
    }

    /// `///` lines.
    mutating func documentation(_ lines: [String]) {
        for line in lines { self.line(line.isEmpty ? "///" : "/// " + line) }
    }
}
