/// One key of a config file: the section and name it is written under, what it accepts, and the setting that
/// its value goes to.
package struct ConfigurationKey<Settings>: Sendable {
    /// The `[section]` the key belongs in.
    package let section: String
    /// The key's name within its section.
    package let name: String
    /// What the key accepts, from its parser: `a whole number from 0 to 23`.
    package let expectation: String
    /// For a key whose name is free (``init(anyNameIn:_:atMost:store:)``), how many entries its section may hold.
    package let maximumCount: Int?
    private let store: @Sendable (ConfigurationValue, inout Settings) throws(ValueProblem) -> Void
    private var storeNamed: (@Sendable ([(String, ConfigurationValue)], inout Settings) -> [(String, ValueProblem)])?

    /// A key whose value `parser` reads and `store` puts into the settings.
    package init<Value>(
        _ section: String,
        _ name: String,
        _ parser: ValueParser<Value>,
        store: @escaping @Sendable (inout Settings, Value) -> Void
    ) {
        self.section = section
        self.name = name
        self.expectation = parser.expectation
        self.maximumCount = nil
        self.store = { value, settings throws(ValueProblem) in store(&settings, try parser.parse(value)) }
    }

    /// A key whose name is free: every entry of `section` is read by `parser`, and all of them are stored with
    /// their names in one call, for tables of named things such as `[kinds.pottery]`.
    ///
    /// - Parameters:
    ///   - maximumCount: How many entries the section may hold; a file with more is refused before any is read.
    ///   - store: Receives every entry, in the order of their names, once all of them were read without a problem.
    package init<Value>(
        anyNameIn section: String,
        _ parser: ValueParser<Value>,
        atMost maximumCount: Int,
        store: @escaping @Sendable (inout Settings, [(name: String, value: Value)]) -> Void
    ) {
        self.section = section
        self.name = Self.anyName
        self.expectation = parser.expectation
        self.maximumCount = maximumCount
        self.storeNamed = { entries, settings in
            var values: [(name: String, value: Value)] = []
            var problems: [(String, ValueProblem)] = []
            values.reserveCapacity(entries.count)
            for (name, value) in entries {
                guard name.utf8.count <= ConfigurationLimits.maximumNameBytes else {
                    let limit = ConfigurationLimits.maximumNameBytes
                    let message =
                        "a name of \(name.utf8.count) bytes; a name has at most \(limit) (what an event may record)"
                    problems.append((name, ValueProblem(message)))
                    continue
                }
                do throws(ValueProblem) {
                    values.append((name, try parser.parse(value)))
                } catch {
                    problems.append((name, error))
                }
            }
            if problems.isEmpty { store(&settings, values) }
            return problems
        }
        self.store = { _, _ throws(ValueProblem) in }
    }

    /// The name of a key that accepts any name (see ``init(anyNameIn:_:atMost:store:)``).
    package static var anyName: String { "*" }

    /// Reads every entry of a free-named key's section (`name` and value, in the order of their names), and stores
    /// them when all of them are good.
    /// - Returns: The entries that are not, each with its problem; the settings are then unchanged. (Nothing for a
    ///   key whose name is not free.)
    package func apply(entries: [(String, ConfigurationValue)], to settings: inout Settings) -> [(String, ValueProblem)]
    {
        storeNamed?(entries, &settings) ?? []
    }

    /// `section.name`, as messages show it.
    package var path: String { "\(section).\(name)" }

    /// Reads `value` and sets it in `settings`.
    /// - Throws: ``ValueProblem`` when the value is not one the key accepts; `settings` is then unchanged.
    package func apply(_ value: ConfigurationValue, to settings: inout Settings) throws(ValueProblem) {
        try store(value, &settings)
    }
}
