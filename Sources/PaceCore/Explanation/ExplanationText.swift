/// Renders a ``BudgetExplanation`` as plain sentences: calm, factual, no praise or blame.
struct ExplanationText {
    let today: PaceState.TodayView
    let explanation: BudgetExplanation

    private var settings: PaceSettings { today.settings }
    private var words: ReminderText { ReminderText(today: today) }

    func sentences() -> [String] {
        budgetSentences() + correctionSentences()
    }

    /// When entries of the days the budget looks back on were taken back or edited: the figures are the corrected
    /// ones, worked out again from that day.
    private func correctionSentences() -> [String] {
        let window = max(settings.envelope.growthWindowDays, 1)
        let corrected = today.state.days.suffix(window).filter(\.corrected).map(\.date)
        guard let latest = corrected.last else { return [] }
        let others = corrected.count - 1
        let more = others == 0 ? "" : others == 1 ? " (and 1 day before)" : " (and \(others) days before)"
        return [
            "Entries \(dateText(latest, night: false))\(more) were corrected; everything since was worked out again "
                + "from the corrected record."
        ]
    }

    private func budgetSentences() -> [String] {
        var lines: [String] = []
        let budget = words.amount(explanation.budget.points)
        let base = words.amount(explanation.base.points)

        if let source = explanation.provisional {
            lines.append(
                "Pace is still learning your days: \(explanation.calibrationDaysRecorded) of "
                    + "\(explanation.calibrationDaysNeeded) recorded. Until then today's budget of \(budget) is provisional."
            )
            switch source {
            case .firstDays:
                lines.append("It is 80 % of a typical day so far.")
            case .badDayAnswer:
                lines.append("It comes from your answer to \"what does a bad day allow?\".")
            case .builtIn:
                lines.append("It is a cautious starting value; answering \"what does a bad day allow?\" sets your own.")
            }
            if explanation.flare.isFlare { lines.append(flareSentence(base: base)) }
            lines.append(
                "Live as usual this week and log what you do: your budget will start at 80 % of a typical day.")
            return lines
        }

        if explanation.flare.isFlare {
            lines.append(flareSentence(base: base))
        } else {
            lines.append("Today's budget is \(budget).")
        }
        if let energy = energySentence(base: base) { lines.append(energy) }
        if explanation.debt.points > 0 {
            lines.append(
                "Recent days over budget take \(words.amount(explanation.debt.points)) off today (exertion debt).")
        }
        if let change = explanation.lastBaseChange { lines.append(changeSentence(change)) }
        lines += growthSentences()
        return lines
    }

    private func flareSentence(base: String) -> String {
        let share = explanation.base.points > 0 ? explanation.budget.points / explanation.base.points : 0
        let amount =
            abs(share - 0.5) < 0.01 ? "half your usual" : "\(percent(share)) of your usual \(base)"
        switch explanation.flare {
        case .reported:
            if explanation.flareMode { return "Today's budget is \(amount): flare mode is on." }
            return "Today's budget is \(amount): you reported a flare \(partOfDay(today.record.lastFlareWord?.at))."
        case .symptoms(let score, let usual):
            return
                "Today's budget is \(amount): your symptoms today (\(number(score)) against a usual "
                + "\(number(usual))) look like a flare."
        case .assumed(let daysAgo):
            return
                "Today's budget is \(amount): you reported a flare \(daysAgoText(daysAgo)) and have not checked in "
                + "since, so Pace assumes it continues. A check-in updates this."
        case .none:
            return "Today's budget is \(words.amount(explanation.budget.points))."
        }
    }

    private func energySentence(base: String) -> String? {
        let factor = explanation.energyFactor
        switch explanation.energySource {
        case .today(let rating, let usual):
            if explanation.flare.isFlare { return nil }
            if abs(factor - 1) < 0.01 {
                return "You rated your energy \(number(rating)), about your usual, so it is your full base."
            }
            let extra =
                factor > 1 ? " Good days are when overdoing it is most tempting; this is as high as it goes." : ""
            return
                "You rated your energy \(number(rating)) against a usual \(number(usual)), so it is "
                + "\(percent(factor)) of your base of \(base).\(extra)"
        case .faded(let rating, _, let daysAgo):
            if explanation.flare.isFlare || abs(factor - 1) < 0.01 { return nil }
            return
                "No energy rating today; your last one (\(number(rating)), \(daysAgoText(daysAgo))) still counts a "
                + "little: \(percent(factor)) of your base of \(base)."
        case .usual:
            return explanation.flare.isFlare ? nil : "No energy rating yet today, so it is your full base."
        }
    }

    private func changeSentence(_ change: BaseChange) -> String {
        let when = dateText(change.date, night: change.reason != .trialIncrease)
        let by = percent(abs(change.relativeChange))
        switch change.reason {
        case .calibrated:
            return
                "Your base of \(words.amount(change.to)) was set \(when) from your calibration week: 80 % of a typical day."
        case .cutAfterFlareInsideBudget:
            return
                "Your base was lowered \(by) \(when) because a flare followed "
                + "\(settings.envelope.cutLookbackDays) days inside it."
        case .grownAfterToleratedOverspend:
            return "Your base rose \(by) \(when): you went over it on some days and no flare followed."
        case .trialIncrease:
            return "Your base rose \(by) \(when), as a trial you asked for."
        }
    }

    private func growthSentences() -> [String] {
        guard let growth = explanation.growth else { return [] }
        if growth.atCeiling {
            return ["Your base is at its ceiling, 1.5 times where it started."]
        }
        var lines: [String] = []
        // The counts are the rule's own (`Envelope.growthProgress`), as of last night.
        lines.append(
            "Your base grows only on evidence, never on time alone: \(growth.flareFreeDaysNeeded) days in a row "
                + "recorded and without a flare (now \(growth.flareFreeDays)), \(growth.checkInsNeeded) check-ins "
                + "among them (now \(growth.checkIns)), and \(growth.toleratedOverspendDaysNeeded) days over budget "
                + "followed within 3 days by a check-in saying there was no flare "
                + "(now \(growth.toleratedOverspendDays)).")
        if growth.daysUntilAllowed > 0 {
            lines.append(
                "It rose recently; the next increase is possible in \(growth.daysUntilAllowed) days at the earliest.")
        }
        if growth.toleratedOverspendDays < growth.toleratedOverspendDaysNeeded, explanation.trialIncreaseAvailable {
            lines.append(
                "If you keep within your budget, your days cannot show that you could do more; you can ask for a "
                    + "small trial increase of 5 %.")
        }
        return lines
    }

    // MARK: - Small words

    private func percent(_ share: Double) -> String { "\(Int((share * 100).rounded())) %" }

    private func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    private func daysAgoText(_ days: Int) -> String {
        days == 1 ? "yesterday" : "\(days) days ago"
    }

    private func partOfDay(_ instant: Instant?) -> String {
        guard let instant else { return "today" }
        let hour = settings.dayBoundary.localTime(of: instant, utcOffsetSeconds: today.utcOffsetSeconds).hour
        switch hour {
        case 4..<12: return "this morning"
        case 12..<18: return "this afternoon"
        default: return "this evening"
        }
    }

    private static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    private func dateText(_ date: CivilDate, night: Bool) -> String {
        let days = today.record.date.days(since: date)
        switch days {
        case 0: return "today"
        case 1: return night ? "last night" : "yesterday"
        case 2..<7: return "on \(Self.weekdays[date.weekday])"
        default: return "on \(date.iso8601)"
        }
    }
}
