/// Colour and emphasis for a terminal: ANSI escape codes when enabled, the text unchanged otherwise.
///
/// The palette is deliberately quiet: no red, nothing that flashes. Pace's output is read by people who are
/// tired and in pain; a budget that is used up is a fact, not an alarm.
struct TextStyle: Sendable, Equatable {
    /// Whether escape codes are written at all.
    var enabled: Bool

    static let plain = TextStyle(enabled: false)
    static let colour = TextStyle(enabled: true)

    /// The budget that is left, and other good news.
    func calm(_ text: String) -> String { wrap(text, "36") }
    /// Budget running low or used up, flare mode: worth noticing, not alarming.
    func notice(_ text: String) -> String { wrap(text, "33") }
    /// Secondary detail.
    func dim(_ text: String) -> String { wrap(text, "2") }
    /// A heading or the one figure that matters.
    func bold(_ text: String) -> String { wrap(text, "1") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
