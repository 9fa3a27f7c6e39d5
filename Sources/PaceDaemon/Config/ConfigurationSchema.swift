import PaceCore

/// The keys a config file may hold, and how a file's text becomes settings: every key checked, every problem
/// reported with its file, line and key.
///
/// A schema is a table of ``ConfigurationKey``s: adding a setting is one line there. ``Configuration/schema``
/// is the daemon's; tests build others.
package struct ConfigurationSchema<Settings>: Sendable {
    /// Every key, in the order the documented example lists them.
    package let keys: [ConfigurationKey<Settings>]

    package init(_ keys: [ConfigurationKey<Settings>]) {
        self.keys = keys
    }

    /// The sections that ``keys`` use, in order of first use.
    package var sections: [String] {
        keys.reduce(into: []) { sections, key in
            if !sections.contains(key.section) { sections.append(key.section) }
        }
    }

    /// Reads the TOML `text` of the file `file` (named in messages) over `defaults`.
    ///
    /// Every step is linear in the size of the text, and the text is measured before it is parsed: a file that
    /// nests deeper or holds more than ``ConfigurationLimits`` allows is refused without parsing it.
    ///
    /// - Returns: `defaults` with every key the file sets replaced by the file's value.
    /// - Throws: ``ConfigurationError`` with the first thing past the limits, the first syntax error, or every
    ///   unknown key and bad value, in the order of their lines.
    package func read(_ text: String, file: String, over defaults: Settings) throws(ConfigurationError) -> Settings {
        let index = TOMLLineIndex(text, limits: ConfigurationLimits.document)
        if let excess = index.excess { throw ConfigurationError([ConfigurationLimits.problem(excess, file: file)]) }
        let root: [String: ConfigurationValue]
        do {
            root = try TOMLDocument.parse(text)
        } catch {
            let message = "\(error.message) (column \(error.column)); this is not valid TOML"
            throw ConfigurationError([.init(.syntax, file: file, line: error.line, message: message)])
        }
        var settings = defaults
        var problems: [ConfigurationError.Problem] = []
        func report(_ code: ConfigurationError.Problem.Code, _ path: [String], _ message: String) {
            let key = path.joined(separator: ".")
            problems.append(.init(code, file: file, line: index.line(of: path), key: key, message: message))
        }

        for (section, value) in root {
            let known = keys.filter { $0.section == section }
            guard !known.isEmpty else {
                report(.unknownKey, [section], unknownSectionMessage(section, value: value))
                continue
            }
            guard case .table(let entries) = value else {
                report(
                    .badValue, [section], "expected a section: write [\(section)] on a line of its own, its keys below")
                continue
            }
            let named = Dictionary(known.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let anyName = named[ConfigurationKey<Settings>.anyName]
            var free: [(String, ConfigurationValue)] = []
            for (name, value) in entries.sorted(by: { $0.key < $1.key }) {
                if let key = named[name] {
                    do {
                        try key.apply(value, to: &settings)
                    } catch {
                        report(.badValue, [section, name], error.description)
                    }
                } else if anyName != nil {
                    free.append((name, value))
                } else {
                    report(.unknownKey, [section, name], unknownKeyMessage(name, in: section, known: known))
                }
            }
            guard let anyName, !free.isEmpty else { continue }
            if let maximum = anyName.maximumCount, free.count > maximum {
                report(.tooLarge, [section], "\(free.count) entries; [\(section)] holds at most \(maximum)")
                continue
            }
            for (name, problem) in anyName.apply(entries: free, to: &settings) {
                report(.badValue, [section, name], problem.description)
            }
        }
        guard problems.isEmpty else {
            throw ConfigurationError(problems.sorted { ($0.line ?? 0, $0.key ?? "") < ($1.line ?? 0, $1.key ?? "") })
        }
        return settings
    }

    private func unknownSectionMessage(_ name: String, value: ConfigurationValue) -> String {
        let known = sections.map { "[\($0)]" }.joined(separator: ", ")
        if case .table = value {
            if let guess = Spelling.closest(to: name, among: sections) {
                return "unknown section; did you mean [\(guess)]?"
            }
            return "unknown section; Pace knows \(known)"
        }
        if let key = keys.first(where: { $0.name == name }) {
            return "unknown key here; it belongs under [\(key.section)]"
        }
        return "unknown key; every key belongs in a section: \(known)"
    }

    private func unknownKeyMessage(_ name: String, in section: String, known: [ConfigurationKey<Settings>]) -> String {
        let names = known.map(\.name)
        if let guess = Spelling.closest(to: name, among: names) { return "unknown key; did you mean \(guess)?" }
        return "unknown key; [\(section)] has " + names.joined(separator: ", ")
    }
}
