/// One key of a config file: the section and name it is written under, what it accepts, and the setting that
/// its value goes to.
package struct ConfigurationKey<Settings>: Sendable {
    /// The `[section]` the key belongs in.
    package let section: String
    /// The key's name within its section.
    package let name: String
    /// What the key accepts, from its parser: `a whole number from 0 to 23`.
    package let expectation: String
    private let store: @Sendable (ConfigurationValue, inout Settings) throws(ValueProblem) -> Void
    private var storeNamed: (@Sendable (String, ConfigurationValue, inout Settings) throws(ValueProblem) -> Void)?

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
        self.store = { value, settings throws(ValueProblem) in store(&settings, try parser.parse(value)) }
    }

    /// A key whose name is free: every entry of `section` is read by `parser` and stored with its name, for
    /// tables of named things such as `[kinds.pottery]`.
    package init<Value>(
        anyNameIn section: String,
        _ parser: ValueParser<Value>,
        store: @escaping @Sendable (inout Settings, String, Value) -> Void
    ) {
        self.section = section
        self.name = Self.anyName
        self.expectation = parser.expectation
        self.storeNamed = { name, value, settings throws(ValueProblem) in
            store(&settings, name, try parser.parse(value))
        }
        self.store = { _, _ throws(ValueProblem) in }
    }

    /// The name of a key that accepts any name (see ``init(anyNameIn:_:store:)``).
    package static var anyName: String { "*" }

    /// Reads the value of the entry `name` of a free-named key.
    package func apply(named name: String, _ value: ConfigurationValue, to settings: inout Settings)
        throws(ValueProblem)
    {
        if let storeNamed { try storeNamed(name, value, &settings) } else { try store(value, &settings) }
    }

    /// `section.name`, as messages show it.
    package var path: String { "\(section).\(name)" }

    /// Reads `value` and sets it in `settings`.
    /// - Throws: ``ValueProblem`` when the value is not one the key accepts; `settings` is then unchanged.
    package func apply(_ value: ConfigurationValue, to settings: inout Settings) throws(ValueProblem) {
        try store(value, &settings)
    }
}
