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
    ///
    /// The name is compared byte by byte, ignoring ASCII case, `-` and `_` (`C.UTF-8`, `en_GB.utf8`): locale names are
    /// ASCII, and lower-casing and filtering the name as Unicode text cost as much as drawing the status line.
    static func localeIsUTF8(_ environment: [String: String]) -> Bool {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "C"
        let normalized = locale.utf8.lazy.filter { $0 != UInt8(ascii: "-") && $0 != UInt8(ascii: "_") }
            .map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        let bytes = Array(normalized)
        let utf8 = Array("utf8".utf8)
        if bytes == utf8 { return true }
        let codeset = Array(".utf8".utf8)
        return bytes.count >= codeset.count
            && (0...(bytes.count - codeset.count)).contains { bytes[$0..<($0 + codeset.count)].elementsEqual(codeset) }
    }
}
