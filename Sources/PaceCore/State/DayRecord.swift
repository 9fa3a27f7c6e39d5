/// Everything Pace knows about one pacing day: the facts from its events and, once the day has ended, what
/// the envelope made of it.
package struct DayRecord: Codable, Sendable, Equatable {
    /// The pacing day (the calendar date on which it began).
    package var date: CivilDate
    /// Effort points of finished activity attributed to this day (a running bout's share is added by queries).
    package var load = 0.0
    /// Seconds of finished activity attributed to this day.
    package var activeSeconds: Int64 = 0
    /// Bouts and logged activities that began (or were logged) on this day.
    package var activityCount = 0
    /// The day's check-ins, in order.
    package var checkIns: [CheckIn] = []
    /// When the latest check-in was made.
    package var lastCheckInAt: Instant?
    /// A flare was reported on this day: a check-in said so, or flare mode was on at some point.
    package var flareReported = false
    /// Flare mode was still on when the day ended (set when the day ends).
    package var flareModeAtEnd = false
    /// Flare mode reached the end the person had given it during this day: the flare is over, by their word.
    package var flareModeExpired = false
    /// The last word of the day on flares (a check-in's answer, flare mode switched on or off), and when.
    package var lastFlareWord: FlareWord?
    /// Anything at all was recorded on this day.
    package var recorded = false
    /// The person asked for a trial increase of the base on this day.
    package var trialIncrease = false
    /// Reminders shown on this day, in order.
    package var remindersShown: [ShownReminder] = []
    /// Reminders answered on this day since they were last shown (a snoozed reminder that comes back is
    /// unanswered again).
    package var remindersAnswered: [ReminderID] = []
    /// Set once the day has ended: its final budget and any change of the base that night.
    package var verdict: Verdict?
    /// The pieces of bouts that fall in this day, in order of their ends, for the overlap rule (``add(_:)``);
    /// ``load`` and ``activeSeconds`` are what they count.
    package var bouts: [BoutPiece] = []
    /// An event of this day was taken back or amended.
    package var corrected = false

    package init(date: CivilDate) {
        self.date = date
    }

    /// A statement about flares: "flare" or "no flare", at a moment.
    package struct FlareWord: Codable, Sendable, Equatable {
        package var at: Instant
        package var flare: Bool

        package init(at: Instant, flare: Bool) {
            self.at = at
            self.flare = flare
        }
    }

    /// A reminder the daemon showed, and the reminders folded into it.
    package struct ShownReminder: Codable, Sendable, Equatable {
        package var id: ReminderID
        package var at: Instant
        package var covers: [ReminderID] = []

        package init(id: ReminderID, at: Instant, covers: [ReminderID] = []) {
            self.id = id
            self.at = at
            self.covers = covers
        }
    }

    /// What the envelope made of a finished day.
    package struct Verdict: Codable, Sendable, Equatable {
        package var budget: DayBudget
        package var change: BaseChange?

        package init(budget: DayBudget, change: BaseChange? = nil) {
            self.budget = budget
            self.change = change
        }
    }

    /// The latest energy rating of the day.
    package var energy: Int? { checkIns.last { $0.energy != nil }?.energy }

    /// The latest symptom score of the day.
    package var symptomScore: Double? { checkIns.last { $0.symptomScore != nil }?.symptomScore }

    /// The day has an answered check-in (``CheckIn/isAnswered``).
    package var checkedIn: Bool { checkIns.contains(where: \.isAnswered) }

    /// A check-in of the day said "no flare".
    package var flareDenied: Bool { checkIns.contains { $0.flare == false } }

    /// Seconds of activity that make a day look complete without a check-in.
    package static let completeActiveSeconds: Int64 = 3600

    /// The day looks complete, so it may count toward calibration: an answered check-in, at least an hour of
    /// activity, or a check-in that said what is recorded is all of it.
    package var complete: Bool {
        checkedIn || activeSeconds >= Self.completeActiveSeconds || checkIns.contains { $0.complete == true }
    }

    /// The day as the envelope sees it once it is over.
    ///
    /// - Parameter flareModeAtEnd: Whether flare mode was still on when the day ended.
    package func observation(flareModeAtEnd: Bool) -> DayObservation {
        let lifted = lastFlareWord?.flare == false || (flareModeExpired && lastFlareWord?.flare != true)
        return DayObservation(
            recorded: recorded, complete: complete, checkedIn: checkedIn, energy: energy.map(Double.init),
            symptom: symptomScore, flareReported: flareReported, flareDenied: flareDenied,
            flareLifted: !flareModeAtEnd && lifted)
    }

    /// The day so far, as the envelope sees it for today's budget.
    ///
    /// Unlike the finished day, a flare switched off or answered "no" later in the day no longer cuts the
    /// rest of it.
    /// - Parameters:
    ///   - flareModeNow: Whether flare mode is on now.
    ///   - flareModeExpiredToday: Whether flare mode reached its end earlier today.
    package func observationSoFar(flareModeNow: Bool, flareModeExpiredToday: Bool) -> DayObservation {
        let flareNow = flareModeNow || lastFlareWord?.flare == true
        let lifted = lastFlareWord?.flare == false || flareModeExpiredToday
        return DayObservation(
            recorded: recorded, complete: complete, checkedIn: checkedIn, energy: energy.map(Double.init),
            symptom: symptomScore, flareReported: flareNow, flareDenied: flareDenied, flareLifted: !flareNow && lifted)
    }

    /// Whether the reminder `id` was shown on this day, on its own or folded into another.
    package func wasShown(_ id: ReminderID) -> Bool {
        remindersShown.contains { $0.id == id || $0.covers.contains(id) }
    }
}
