/// The line on which each key and table of a TOML document is written, so a message can name it.
///
/// TOMLKit gives a position for syntax errors only; the values it returns carry none. So this reads the text
/// once more, just far enough to see table headers (`[day]`, `[[kinds]]`), keys (bare, quoted and dotted)
/// and the extent of values: strings of all four kinds, arrays and inline tables that span lines. It expects
/// text that TOMLKit has already accepted and never fails; a path it did not see has no line.
struct TOMLLineIndex {
    private var lines: [[String]: Int] = [:]

    /// Indexes `text`.
    init(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        scanner.scanDocument { path, line in
            if lines[path] == nil { lines[path] = line }
        }
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
private struct Scanner {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
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
                table = scanKey()
                record(table, line)
                skipToEndOfLine()
            } else {
                let keyLine = line
                let key = scanKey()
                if !key.isEmpty {
                    record(table + key, keyLine)
                    skipSpaceAndComments(acrossLines: false)
                    if current == UInt8(ascii: "=") {
                        advance()
                        scanValue(path: table + key, record)
                    }
                }
                skipToEndOfLine()
            }
            if index == start { advance() }
        }
    }

    /// Reads a dotted key up to (not including) `=`, `]`, `}`, `,` or the end of the line.
    private mutating func scanKey() -> [String] {
        var parts: [String] = []
        while true {
            skipSpaceAndComments(acrossLines: false)
            guard let byte = current else { return parts }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                parts.append(scanQuotedKey(quote: byte))
            case _ where isBareKeyByte(byte):
                let start = index
                while let next = current, isBareKeyByte(next) { advance() }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            default:
                return parts
            }
            skipSpaceAndComments(acrossLines: false)
            guard current == UInt8(ascii: ".") else { return parts }
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

    /// Skips one value; keys inside inline tables are recorded under `path`.
    private mutating func scanValue(path: [String], _ record: (_ path: [String], _ line: Int) -> Void) {
        skipSpaceAndComments(acrossLines: false)
        guard let byte = current else { return }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            skipString(quote: byte)
        case UInt8(ascii: "["):
            advance()
            while true {
                skipSpaceAndComments(acrossLines: true)
                guard let next = current, next != UInt8(ascii: "]") else { break }
                if next == UInt8(ascii: ",") {
                    advance()
                } else {
                    let start = index
                    scanValue(path: path, record)
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
                let key = scanKey()
                skipSpaceAndComments(acrossLines: false)
                guard !key.isEmpty, current == UInt8(ascii: "=") else { break }
                record(path + key, keyLine)
                advance()
                scanValue(path: path + key, record)
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
