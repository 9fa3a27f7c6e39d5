/// How human output is drawn: which characters and whether in colour.
struct OutputSettings: Sendable, Equatable {
    var glyphs: Glyphs
    var style: TextStyle

    static let plainUnicode = OutputSettings(glyphs: .unicode, style: .plain)
    static let plainASCII = OutputSettings(glyphs: .ascii, style: .plain)

    /// Decides from the environment, following the conventions people expect of command-line tools.
    ///
    /// - Colour only when standard output is a terminal, `TERM` is not `dumb`, and `NO_COLOR` is unset or empty
    ///   (no-color.org).
    /// - Unicode only when the locale's character set is UTF-8 (`LC_ALL`, then `LC_CTYPE`, then `LANG`, the
    ///   order the C library uses; unset means the C locale, which is ASCII) and `--ascii` was not given.
    ///
    /// - Parameters:
    ///   - environment: The process environment.
    ///   - outputIsTerminal: Whether standard output is a terminal.
    ///   - forceASCII: `--ascii` was given.
    static func resolve(environment: [String: String], outputIsTerminal: Bool, forceASCII: Bool) -> OutputSettings {
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty
        let dumb = environment["TERM"] == "dumb"
        let colour = outputIsTerminal && !noColour && !dumb
        let unicode = !forceASCII && localeIsUTF8(environment)
        return OutputSettings(glyphs: unicode ? .unicode : .ascii, style: TextStyle(enabled: colour))
    }

    /// Whether the locale the environment selects uses UTF-8.
    static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "C"
        let normalized = locale.lowercased().filter { $0 != "-" && $0 != "_" }
        return normalized == "utf8" || normalized.contains(".utf8")
    }
}
