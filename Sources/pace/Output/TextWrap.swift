/// Word wrapping for sentences on a terminal.
enum TextWrap {
    /// Wraps `text` at `width` columns, keeping its own line breaks; words longer than a line stay whole.
    static func wrap(_ text: String, width: Int = 78, indent: String = "") -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty {
                    line = indent + word
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = indent + word
                }
            }
            lines.append(line)
        }
        return lines
    }
}
