import PaceProtocol

/// `pace why`: today's budget in plain sentences.
enum ExplanationText {
    static func render(_ explanation: PaceAPI.Explanation, settings: OutputSettings) -> [String] {
        var figures = "base \(NumberText.whole(explanation.base))"
        if explanation.energyFactor != 1 {
            figures +=
                " \(settings.glyphs.times) \(NumberText.decimal(explanation.energyFactor, places: 2))"
                + " for this morning's energy"
        }
        var lines = [
            "Today's budget is \(settings.style.bold(NumberText.whole(explanation.budget))) points (\(figures)).", "",
        ]
        let text =
            explanation.text.isEmpty
            ? explanation.reasons.map(\.text).joined(separator: " ") : explanation.text
        lines += TextWrap.wrap(text)
        if let changed = explanation.baseChangedOn {
            lines.append("")
            let reason = explanation.baseChangeReason.map { ": \($0)" } ?? "."
            lines += TextWrap.wrap("The base last changed on \(changed)\(reason)")
        }
        return lines
    }
}
