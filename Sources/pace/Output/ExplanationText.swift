import PaceProtocol

/// `pace why`: the figures of today's budget in one line, the daemon's sentences, and the command that acts on
/// them where there is one (answering the bad-day question, asking for a trial increase).
enum ExplanationText {
    static func render(_ explanation: PaceAPI.Explanation, settings: OutputSettings) -> [String] {
        let budget = settings.style.bold(NumberText.whole(explanation.budget))
        var lines: [String]
        if explanation.provisional {
            lines = [
                "Today's budget: \(budget) points, provisional (\(explanation.calibrationDaysRecorded) of "
                    + "\(explanation.calibrationDaysNeeded) days recorded)."
            ]
        } else {
            lines = ["Today's budget: \(budget) points, \(figures(explanation, settings: settings))."]
        }
        lines.append("")
        lines += TextWrap.wrap(explanation.sentences.joined(separator: " "))
        var next: [String] = []
        if explanation.provisional && explanation.provisionalSource == "builtIn" {
            next.append("To answer \"what does a bad day allow?\", type `pace calibrate MINUTES`.")
        }
        if explanation.trialIncreaseAvailable {
            next.append("To ask for a trial increase of 5 %, type `pace increase`.")
        }
        if !next.isEmpty { lines += [""] + TextWrap.wrap(next.joined(separator: " ")) }
        return lines
    }

    /// How the budget follows from the base: `your base`, `base 110 × 0.8 for today's energy rating`,
    /// `half your base of 110, for a flare day`, `… less 6 of exertion debt`.
    static func figures(_ explanation: PaceAPI.Explanation, settings: OutputSettings) -> String {
        let base = NumberText.whole(explanation.base)
        // On a flare day the budget is the smaller of half the base and the usual figures; name the one in force.
        if explanation.flare != "none" && abs(explanation.budget - explanation.base / 2) < 0.5 {
            return "half your base of \(base), for a flare day"
        }
        var figures = "base \(base)"
        if abs(explanation.energyFactor - 1) >= 0.005 {
            let source = explanation.energySource == "today" ? "today's energy rating" : "your last energy rating"
            figures +=
                " \(settings.glyphs.times) \(NumberText.decimal(explanation.energyFactor, places: 2)) for \(source)"
        }
        if explanation.debt > 0 { figures += ", less \(NumberText.whole(explanation.debt)) of exertion debt" }
        return figures == "base \(base)" ? "your base" : figures
    }
}
