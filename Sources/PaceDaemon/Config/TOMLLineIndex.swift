/// The line on which each key and table of a TOML document is written, so a message can name it; and how deep
/// and how many its keys and tables are, so a file that would take the parser too deep or too long is refused
/// before it is parsed.
///
/// TOMLKit gives a position for syntax errors only; the values it returns carry none. So this reads the text
/// once more, just far enough to see table headers (`[day]`, `[[kinds]]`), keys (bare, quoted and dotted)
/// and the extent of values: strings of all four kinds, arrays and inline tables that span lines. It reads any
/// text in one pass without recursing deeper than its limit and never fails; a path it did not see has no line.
/// On text TOMLKit rejects, the lines may be wrong, but the limits hold.
struct TOMLLineIndex {
    /// What a document may hold.
    struct Limits {
        /// How deep a key may nest: its dotted path, from the table header down, plus the arrays around it.
        var maximumDepth: Int
        /// How many keys and table headers (each counted where it is written) the document may hold.
        var maximumEntries: Int
    }

    /// The first thing found past a limit; reading stopped there.
    enum Excess: Equatable {
        /// A key or table (or an array in its value) `depth` levels deep, or more; `path` is the key, cut short
        /// one level past the limit when `isCut`.
        case tooDeep(path: [String], depth: Int, line: Int, isCut: Bool)
        /// One key or table more than ``Limits/maximumEntries``, at `line`.
        case tooManyEntries(line: Int)
    }

    private var lines: [[String]: Int] = [:]
    /// What went past the limits, if anything did; the index then covers the text up to it.
    private(set) var excess: Excess?

    /// Indexes `text`, stopping at the first key or table past `limits`.
    init(_ text: String, limits: Limits) {
        var scanner = Scanner(Array(text.utf8), limits: limits)
        scanner.scanDocument { path, line in
            if lines[path] == nil { lines[path] = line }
        }
        excess = scanner.excess
    }

    /// The 1-based line where `path` is written (`["day", "start_hour"]`), or, when the key itself was not
    /// seen, the line of its nearest enclosing table that was (`[day]`).
    func line(of path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = lines[path] { return line }
            path.removeLast()
        }
        return nil
    }
}

/// A byte-level reader over the UTF-8 text; every TOML delimiter is ASCII.
///
/// It stops (moves to the end) at the first key or table past its limits, so its paths stay short and its
/// recursion into nested values shallow whatever the text.
private struct Scanner {
    private let bytes: [UInt8]
    private let limits: TOMLLineIndex.Limits
    private var index = 0
    private var line = 1
    private var entries = 0
    /// The first key or table past the limits.
    private(set) var excess: TOMLLineIndex.Excess?

    init(_ bytes: [UInt8], limits: TOMLLineIndex.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private mutating func advance() {
        if current == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    mutating func scanDocument(_ record: (_ path: [String], _ line: Int) -> Void) {
        var table: [String] = []
        while current != nil {
            skipSpaceAndComments(acrossLines: true)
            guard let byte = current else { return }
            let start = index
            if byte == UInt8(ascii: "[") {
                advance()
                if current == UInt8(ascii: "[") { advance() }
                let headerLine = line
                let (parts, depth) = scanKey(under: 0)
                table = parts
                guard admit(table, depth: depth, line: headerLine, record) else { return }
                skipToEndOfLine()
            } else {
                let keyLine = line
                let (key, depth) = scanKey(under: table.count)
                if !key.isEmpty {
                    guard admit(table + key, depth: depth, line: keyLine, record) else { return }
                    skipSpaceAndComments(acrossLines: false)
                    if current == UInt8(ascii: "=") {
                        advance()
                        scanValue(path: table + key, arrays: 0, record)
                    }
                }
                skipToEndOfLine()
            }
            if index == start { advance() }
        }
    }

    /// Records `path` at `line` if it is within the limits; otherwise notes the excess and moves to the end.
    /// - Returns: Whether reading goes on.
    private mutating func admit(
        _ path: [String], depth: Int, line: Int, _ record: (_ path: [String], _ line: Int) -> Void
    ) -> Bool {
        guard excess == nil else { return false }
        entries += 1
        if depth > limits.maximumDepth {
            stop(.tooDeep(path: path, depth: depth, line: line, isCut: depth > path.count))
        } else if entries > limits.maximumEntries {
            stop(.tooManyEntries(line: line))
        } else {
            record(path, line)
        }
        return excess == nil
    }

    /// Notes `found` and moves to the end of the text: nothing more is read.
    private mutating func stop(_ found: TOMLLineIndex.Excess) {
        excess = found
        index = bytes.count
    }

    /// Skips the `[` (and blanks) that follow, for the depth of an array nested past the limit.
    /// - Returns: How many there were.
    private mutating func countOpeningBrackets() -> Int {
        var count = 0
        while let byte = current {
            if byte == UInt8(ascii: "[") {
                count += 1
            } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\n")
                && byte != UInt8(ascii: "\r")
            {
                break
            }
            advance()
        }
        return count
    }

    /// Reads a dotted key up to (not including) `=`, `]`, `}`, `,` or the end of the line, `levels` deep already.
    /// - Returns: The key's parts, no more of them than make it one level deeper than the limit, and how deep it
    ///   goes (`levels` plus all its parts).
    private mutating func scanKey(under levels: Int) -> (parts: [String], depth: Int) {
        var parts: [String] = []
        var depth = levels
        while true {
            skipSpaceAndComments(acrossLines: false)
            guard let byte = current else { return (parts, depth) }
            let part: String
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                part = scanQuotedKey(quote: byte)
            case _ where isBareKeyByte(byte):
                let start = index
                while let next = current, isBareKeyByte(next) { advance() }
                part = String(decoding: bytes[start..<index], as: UTF8.self)
            default:
                return (parts, depth)
            }
            depth += 1
            if depth <= limits.maximumDepth + 1 { parts.append(part) }
            skipSpaceAndComments(acrossLines: false)
            guard current == UInt8(ascii: ".") else { return (parts, depth) }
            advance()
        }
    }

    private mutating func scanQuotedKey(quote: UInt8) -> String {
        advance()
        var text: [UInt8] = []
        while let byte = current, byte != quote, byte != UInt8(ascii: "\n") {
            if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\"), let next = peek(1) {
                text.append(next)
                advance()
            } else {
                text.append(byte)
            }
            advance()
        }
        if current == quote { advance() }
        return String(decoding: text, as: UTF8.self)
    }

    /// Skips one value inside `arrays` arrays; keys inside inline tables are recorded under `path`.
    private mutating func scanValue(path: [String], arrays: Int, _ record: (_ path: [String], _ line: Int) -> Void) {
        skipSpaceAndComments(acrossLines: false)
        guard let byte = current else { return }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            skipString(quote: byte)
        case UInt8(ascii: "["):
            let arrayLine = line
            advance()
            // An array is a level of its own: `[[[[…` goes as deep as a long dotted key.
            let depth = path.count + arrays + 1
            guard depth <= limits.maximumDepth else {
                stop(.tooDeep(path: path, depth: depth + countOpeningBrackets(), line: arrayLine, isCut: false))
                return
            }
            while true {
                skipSpaceAndComments(acrossLines: true)
                guard let next = current, next != UInt8(ascii: "]") else { break }
                if next == UInt8(ascii: ",") {
                    advance()
                } else {
                    let start = index
                    scanValue(path: path, arrays: arrays + 1, record)
                    if index == start { advance() }
                }
            }
            if current != nil { advance() }
        case UInt8(ascii: "{"):
            advance()
            while true {
                skipSpaceAndComments(acrossLines: false)
                guard let next = current, next != UInt8(ascii: "}"), next != UInt8(ascii: "\n") else { break }
                if next == UInt8(ascii: ",") {
                    advance()
                    continue
                }
                let keyLine = line
                let (key, depth) = scanKey(under: path.count + arrays)
                skipSpaceAndComments(acrossLines: false)
                guard !key.isEmpty, current == UInt8(ascii: "=") else { break }
                guard admit(path + key, depth: depth, line: keyLine, record) else { return }
                advance()
                scanValue(path: path + key, arrays: arrays, record)
            }
            if current == UInt8(ascii: "}") { advance() }
        default:
            // Numbers, booleans, dates and times: up to a delimiter (a date-time may hold a space).
            while let next = current, !Self.valueEnds.contains(next) { advance() }
        }
    }

    private static let valueEnds: Set<UInt8> = Set(",]}#\n\r".utf8)

    private mutating func skipString(quote: UInt8) {
        let multiline = peek(1) == quote && peek(2) == quote
        let delimiterLength = multiline ? 3 : 1
        for _ in 0..<delimiterLength { advance() }
        while let byte = current {
            if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                advance()
                if current != nil { advance() }
                continue
            }
            if !multiline && byte == UInt8(ascii: "\n") { return }
            if byte == quote && (!multiline || (peek(1) == quote && peek(2) == quote)) {
                for _ in 0..<delimiterLength { advance() }
                // A multi-line string may end with up to two more quotes that belong to its content.
                while multiline && current == quote { advance() }
                return
            }
            advance()
        }
    }

    private mutating func skipSpaceAndComments(acrossLines: Bool) {
        while let byte = current {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                advance()
            } else if byte == UInt8(ascii: "#") {
                while let next = current, next != UInt8(ascii: "\n") { advance() }
            } else if byte == UInt8(ascii: "\n") && acrossLines {
                advance()
            } else {
                return
            }
        }
    }

    private mutating func skipToEndOfLine() {
        while let byte = current, byte != UInt8(ascii: "\n") { advance() }
    }

    private func isBareKeyByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }
}
