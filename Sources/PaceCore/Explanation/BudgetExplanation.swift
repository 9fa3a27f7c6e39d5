/// Why today's budget is what it is: every number with its reason, and the same in plain sentences.
///
/// What `pace why` shows. The structured part is for scripts and for other front ends; ``sentences`` is
/// the calm, factual reading of it ("Today's budget is half your usual: you reported a flare this morning.").
package struct BudgetExplanation: Codable, Sendable, Equatable {
    package var date: CivilDate
    package var mode: Mode
    /// Today's budget.
    package var budget: Amount
    /// The base it starts from (the provisional budget while calibrating).
    package var base: Amount
    /// While calibrating: where the provisional budget comes from, and how far calibration is.
    package var provisional: DayBudget.ProvisionalSource?
    package var calibrationDaysRecorded: Int
    package var calibrationDaysNeeded: Int
    /// Today's energy factor and where it comes from.
    package var energyFactor: Double
    package var energySource: DayBudget.EnergySource
    /// Whether today is a flare day, and why.
    package var flare: DayBudget.FlareSource
    /// Flare mode is on now.
    package var flareMode: Bool
    /// Exertion debt taken off today's budget (0 unless the setting is on).
    package var debt: Amount
    /// The floor and ceiling of the base, once calibrated.
    package var floor: Amount?
    package var ceiling: Amount?
    /// The latest change of the base, and why.
    package var lastBaseChange: BaseChange?
    /// What the growth rule still needs (once calibrated).
    package var growth: Envelope.GrowthProgress?
    /// A trial increase could be asked for now.
    package var trialIncreaseAvailable: Bool
    /// The reasons above in plain sentences, most important first.
    package var sentences: [String]
}

extension PaceState {
    /// Why today's budget is what it is, at `now`.
    ///
    /// - Parameters:
    ///   - now: The current instant.
    ///   - utcOffsetSeconds: The local UTC offset now.
    package func explanation(now: Instant, utcOffsetSeconds: Int) -> BudgetExplanation {
        let today = today(now: now, utcOffsetSeconds: utcOffsetSeconds)
        let envelope = today.envelope
        let adapting = envelope.phase == .adapting
        var trial = envelope
        let trialAvailable =
            (try? trial.increaseOnTrial(on: today.record.date, flareToday: today.budget.isFlareDay)) != nil
        var explanation = BudgetExplanation(
            date: today.record.date, mode: today.mode, budget: today.amount(today.budget.points),
            base: today.amount(today.budget.base), provisional: today.budget.provisional,
            calibrationDaysRecorded: envelope.calibrationDaysRecorded,
            calibrationDaysNeeded: settings.envelope.calibrationDays, energyFactor: today.budget.energyFactor,
            energySource: today.budget.energySource, flare: today.budget.flare, flareMode: today.flareModeNow,
            debt: today.amount(today.budget.debt), floor: adapting ? today.amount(envelope.floor) : nil,
            ceiling: adapting ? today.amount(envelope.ceiling) : nil, lastBaseChange: envelope.lastChange,
            growth: adapting ? envelope.growthProgress() : nil, trialIncreaseAvailable: trialAvailable, sentences: [])
        explanation.sentences = ExplanationText(today: today, explanation: explanation).sentences()
        return explanation
    }
}
