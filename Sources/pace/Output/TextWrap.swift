/// Word wrapping for sentences on a terminal.
enum TextWrap {
    /// Wraps `text` at `width` columns, keeping its own line breaks; words longer than a line stay whole.
    static func wrap(_ text: String, width: Int = 78, indent: String = "") -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in words(of: paragraph) {
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

    /// The words of `paragraph`, a percent sign kept with its number ("rose 5 %" never breaks before the "%").
    private static func words(of paragraph: Substring) -> [Substring] {
        var words: [Substring] = []
        for word in paragraph.split(separator: " ") {
            if word.first == "%", let last = words.last {
                words[words.count - 1] = paragraph[last.startIndex..<word.endIndex]
            } else {
                words.append(word)
            }
        }
        return words
    }
}
