import PaceCore

/// A small writer of XML and HTML markup that escapes every text and attribute value.
struct Markup {
    private(set) var text = ""
    private var depth = 0

    /// Opens `<name attributes…>`.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += indentation + "<\(name)\(Self.attributes(attributes))>\n"
        depth += 1
    }

    /// Closes `</name>`.
    mutating func close(_ name: String) {
        depth -= 1
        text += indentation + "</\(name)>\n"
    }

    /// `<name attributes…>text</name>`, or `<name attributes…/>` without text.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text content: String? = nil) {
        if let content {
            text +=
                indentation
                + "<\(name)\(Self.attributes(attributes))>\(MarkupEscaping.escape(content, quotes: true))</\(name)>\n"
        } else {
            text += indentation + "<\(name)\(Self.attributes(attributes))/>\n"
        }
    }

    /// Adds markup that is already well formed (an embedded SVG).
    mutating func raw(_ markup: String) {
        text += markup
    }

    private var indentation: String { String(repeating: "  ", count: depth) }

    private static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(MarkupEscaping.escape($0.1, quotes: true))\"" }.joined()
    }
}
