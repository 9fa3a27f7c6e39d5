/// Why one value was refused: a clause that follows the key's name in a message,
/// such as `expected a whole number from 0 to 23, found 25`.
package struct ValueProblem: Error, Equatable, Sendable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }

    /// `expected <expectation>, found <value>`, with an optional hint after a semicolon.
    package static func expected(_ expectation: String, found value: ConfigurationValue, hint: String? = nil)
        -> ValueProblem
    {
        var text = "expected \(expectation), found \(value.described)"
        if let hint { text += "; \(hint)" }
        return ValueProblem(text)
    }
}
