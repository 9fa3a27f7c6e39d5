/// Text a person typed that is not a duration, time or date Pace can read, with what to type instead.
package struct TextParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the text was meant to be; new codes may be added.
    package enum Code: Equatable, Sendable {
        case duration
        case time
        case date
    }

    package var code: Code
    /// The text as it was given.
    package var text: String
    /// What is wrong and what to type instead, e.g. `add a unit: 20m for minutes, 20s for seconds`.
    package var hint: String

    package init(_ code: Code, text: String, hint: String) {
        self.code = code
        self.text = text
        self.hint = hint
    }

    package var description: String {
        let what: String
        switch code {
        case .duration: what = "a duration"
        case .time: what = "a time"
        case .date: what = "a date"
        }
        return "\"\(text)\" is not \(what): \(hint)"
    }
}
