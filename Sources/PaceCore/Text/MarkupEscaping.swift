/// Escaping text for the markup Pace writes: SVG and HTML reports, Pango markup in a status bar, and the small
/// XML subset of notification bodies.
package enum MarkupEscaping {
    /// `text` with `&`, `<` and `>` as entities, and with `quotes` also `"` and `'` (for attribute values).
    ///
    /// - Parameters:
    ///   - text: Plain text.
    ///   - quotes: Whether to escape quotes too. Pango and notification servers need only the three; XML and HTML
    ///     attribute values need all five.
    package static func escape(_ text: String, quotes: Bool = false) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"" where quotes: escaped += "&quot;"
            case "'" where quotes: escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
