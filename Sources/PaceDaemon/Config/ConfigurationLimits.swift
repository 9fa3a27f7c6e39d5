import PaceCore

/// How large a config file may be, so that reading one never takes the daemon too deep (a stack overflow in the
/// parser) or too long (a reload that holds up answers): the file's size, how deep its keys nest, and how many keys
/// and tables it holds. `[kinds]` has its own limits (``Configuration/maximumKinds``, ``maximumAliases``).
///
/// A real file is a few kilobytes: the documented example is 5 KB with every key, and Pace's own keys go four
/// levels deep (`kinds.pottery.points_per_minute.light`, or an alias in `kinds.pottery.aliases`).
package enum ConfigurationLimits {
    /// The largest file read, in bytes: fifty times the documented example, and more than 200 kinds with every field
    /// and comments need. Reading a file this large (checking its text, measuring it, parsing it) holds a reload up
    /// for about 10 ms; 1 MiB took 30–50 ms, too close to the 100 ms that answers may wait.
    package static let maximumSize: Int64 = 256 << 10
    /// How deep a key may nest: its dotted path from the table header down, plus the arrays around its value.
    package static let maximumDepth = 8
    /// How many keys and table headers a file may hold, each counted where it is written: every built-in key and
    /// 200 kinds with every field of theirs come to about 1,700.
    package static let maximumEntries = 2_000

    /// How many aliases a kind may have.
    package static let maximumAliases = 16
    /// How long, in UTF-8 bytes, the name of a table of named things (a kind) may be: an event records a kind by
    /// its name, and the event validator takes names of at most this many bytes.
    package static var maximumNameBytes: Int { EventRanges.activityBytes.upperBound }

    /// The limits the reader of the text checks before it is parsed.
    static var document: TOMLLineIndex.Limits {
        TOMLLineIndex.Limits(maximumDepth: maximumDepth, maximumEntries: maximumEntries)
    }

    /// The problem to report for what went past the limits in `file`.
    static func problem(_ excess: TOMLLineIndex.Excess, file: String) -> ConfigurationError.Problem {
        switch excess {
        case .tooDeep(let path, let depth, let line, let isCut):
            let key = path.joined(separator: ".") + (isCut ? ".…" : "")
            return ConfigurationError.Problem(
                .tooLarge, file: file, line: line, key: key.isEmpty ? nil : key,
                message: "nested \(depth) levels deep; a config file nests at most \(maximumDepth) "
                    + "(Pace's own keys go 4 deep)")
        case .tooManyEntries(let line):
            return ConfigurationError.Problem(
                .tooLarge, file: file, line: line,
                message: "more than \(maximumEntries) keys and tables; a config file holds at most \(maximumEntries) "
                    + "(Pace's own keys are about 40, and [kinds] holds at most \(Configuration.maximumKinds) kinds)")
        }
    }
}
