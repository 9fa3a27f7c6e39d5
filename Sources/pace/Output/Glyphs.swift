/// The characters output is drawn with: Unicode on a UTF-8 terminal, plain ASCII otherwise (`--ascii`, or a
/// locale that is not UTF-8), so nothing turns into question marks on a console or in an old terminal.
struct Glyphs: Sendable, Equatable {
    /// Budget still left, in a bar.
    var left: String
    /// Budget already used, in a bar.
    var used: String
    /// Use beyond the budget, in a bar.
    var over: String
    /// Between parts of a line.
    var separator: String
    /// "About", before a rough figure.
    var approximately: String
    /// A range of numbers, as in 0–10.
    var rangeDash: String
    /// A check that passed.
    var passed: String
    /// A check that failed.
    var failed: String
    /// A check that only warns.
    var warning: String
    /// A value that is missing.
    var missing: String
    /// Multiplication, as in base × factor.
    var times: String
    /// History bars: points used inside the day's budget.
    var historyUsed: String
    /// History bars: the part of the budget left unused.
    var historySpare: String
    /// History bars: points used beyond the budget.
    var historyOver: String

    static let unicode = Glyphs(
        left: "▓", used: "░", over: "▒", separator: " · ", approximately: "≈ ", rangeDash: "–", passed: "✓",
        failed: "✗", warning: "!", missing: "·", times: "×", historyUsed: "█", historySpare: "░",
        historyOver: "▓")

    static let ascii = Glyphs(
        left: "#", used: ".", over: "+", separator: " - ", approximately: "~", rangeDash: "-", passed: "ok",
        failed: "XX", warning: "!!", missing: ".", times: "x", historyUsed: "#", historySpare: ".",
        historyOver: "+")
}
