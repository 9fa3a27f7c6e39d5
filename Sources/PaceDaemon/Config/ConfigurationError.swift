/// Why a config file was not accepted: every problem found in it, each naming the file, the line and the key.
package struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One thing wrong with the file.
    package struct Problem: Equatable, Sendable, CustomStringConvertible {
        /// What kind of problem it is.
        package struct Code: Hashable, Sendable, CustomStringConvertible {
            private let name: String
            package var description: String { name }

            /// The file exists but cannot be read (permissions, not a regular file, not UTF-8, too large).
            package static let unreadable = Code(name: "unreadable")
            /// The file is not valid TOML.
            package static let syntax = Code(name: "syntax")
            /// A section or key that Pace does not know, often a typo.
            package static let unknownKey = Code(name: "unknown key")
            /// A known key with a value it does not accept.
            package static let badValue = Code(name: "bad value")
            /// The file nests deeper, or holds more keys, tables or kinds, than Pace reads
            /// (``ConfigurationLimits``).
            package static let tooLarge = Code(name: "too large")
        }

        package var code: Code
        /// The config file's path.
        package var file: String
        /// The 1-based line, when the problem has one.
        package var line: Int?
        /// The dotted key (`day.start_hour`) or section (`day`), when the problem concerns one.
        package var key: String?
        /// What is wrong and, where it helps, how to fix it.
        package var message: String

        package init(_ code: Code, file: String, line: Int? = nil, key: String? = nil, message: String) {
            self.code = code
            self.file = file
            self.line = line
            self.key = key
            self.message = message
        }

        /// `FILE:LINE: KEY: MESSAGE`, the form editors and compilers use, so the place is one click away.
        package var description: String {
            var text = file
            if let line { text += ":\(line)" }
            text += ": "
            if let key { text += "\(key): " }
            return text + message
        }
    }

    /// The problems, in the order of their lines.
    package var problems: [Problem]

    package init(_ problems: [Problem]) {
        self.problems = problems
    }

    /// One problem per line.
    package var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
