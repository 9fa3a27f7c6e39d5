/// Comma-separated values as RFC 4180 has them: a header row, CRLF line ends, fields quoted when they hold a
/// comma, a quote, a line break or leading or trailing spaces, and quotes doubled inside quotes. Spreadsheets
/// (LibreOffice, Excel, Numbers) and `csvkit` read it cleanly.
///
/// A field a spreadsheet would take for a formula (one beginning with `=`, `+`, `-`, `@`, a tab or a carriage
/// return: a note typed as `=HYPERLINK(…)`) is written with a `'` before it, as OWASP recommends against CSV
/// injection; a spreadsheet shows the text, and ``unguarded(_:)`` takes the `'` off again. A plain number (`-18000`,
/// `-1.5`) is a number, not a formula, and is written as it is.
enum CSV {
    /// The first characters that make a spreadsheet read a field as a formula.
    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// `value` as it is written: with a `'` before it when a spreadsheet would take it for a formula.
    static func guarded(_ value: String) -> String {
        guard let first = value.first, formulaStarts.contains(first), !isPlainNumber(value) else { return value }
        return "'" + value
    }

    /// A field read back with its guard (``guarded(_:)``) taken off. A field that began with `'` and a formula
    /// character before it was written (rare: typed that way) loses its `'` when read back after an edit.
    static func unguarded(_ field: String) -> String {
        guard field.hasPrefix("'"), let second = field.dropFirst().first, formulaStarts.contains(second) else {
            return field
        }
        return String(field.dropFirst())
    }

    /// `-18000`, `+3`, `-1.5`: a sign, digits and at most one decimal point, which a spreadsheet reads as a number.
    private static func isPlainNumber(_ value: String) -> Bool {
        Double(value) != nil && value.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "+" || $0 == "-") }
    }

    /// One field, guarded against formulas (``guarded(_:)``) and quoted when needed.
    static func field(_ text: String) -> String {
        let value = guarded(text)
        let needsQuotes =
            value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.hasPrefix(" ") || value.hasSuffix(" ")
        guard needsQuotes else { return value }
        var quoted = "\""
        for character in value {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        return quoted + "\""
    }

    /// One record with its CRLF.
    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A record read back, with the line it starts on (1-based), for messages.
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    /// A file that is not well-formed CSV.
    struct ParseError: Error, Equatable {
        var line: Int
        var reason: String
    }

    /// Reads `text` into records. Accepts CRLF or LF line ends, a UTF-8 byte-order mark, and a missing final
    /// line end; blank lines are skipped.
    ///
    /// - Throws: ``ParseError`` for a quote that is never closed or text right after a closing quote.
    static func parse(_ text: String) throws(ParseError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var afterClosingQuote = false
        var characters = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        if let first = characters.next(), first != "\u{FEFF}" { pending = first }

        func endField() {
            fields.append(field)
            field = ""
            quotedField = false
            afterClosingQuote = false
        }
        func endRecord() {
            let wasQuoted = quotedField
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }

        while let scalar = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    if let next = characters.next() {
                        if next == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            afterClosingQuote = true
                            pending = next
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                endField()
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !afterClosingQuote:
                inQuotes = true
                quotedField = true
            default:
                if afterClosingQuote {
                    throw ParseError(
                        line: line, reason: "text after a closing quote; double the quote (\"\") inside a quoted field")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw ParseError(line: recordLine, reason: "a quote that is never closed") }
        if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
        return records
    }
}
