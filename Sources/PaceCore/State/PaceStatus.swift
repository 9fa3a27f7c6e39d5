/// An amount of effort: points, and the same in minutes of the person's reference activity.
package struct Amount: Codable, Sendable, Equatable {
    package var points: Double
    package var referenceMinutes: Double

    /// ``referenceMinutes`` in whole minutes, as every text says it (the status line and the reminders alike).
    package var wholeReferenceMinutes: Int { Self.wholeMinutes(referenceMinutes) }

    /// `minutes` in whole minutes, a part of a minute left out (to the nearest second first, so that 23.99999
    /// reads 24 everywhere, not 23 here and 24 there).
    package static func wholeMinutes(_ minutes: Double) -> Int {
        guard minutes.isFinite, minutes > 0 else { return 0 }
        return Int((minutes * 60).rounded()) / 60
    }
}

/// Which rules are in force today.
package enum Mode: String, Codable, Sendable, Equatable {
    /// The first recorded days: the budget is provisional, the envelope is learning.
    case calibrating
    /// The adaptive envelope sets the budget.
    case normal
    /// A flare day: the budget is at most half the base, bouts are shorter, rests longer.
    case flare
}

/// A bout in progress.
package struct BoutStatus: Codable, Sendable, Equatable {
    package var activity: String
    /// The activity's words for sentences ("walking").
    package var label: String
    package var intensity: Intensity
    package var pointsPerMinute: Double
    package var startedAt: Instant
    /// Seconds counted so far (at most the longest bout), never negative.
    package var elapsedSeconds: Int64
    /// Points counted so far.
    package var points: Double
    /// How long this bout should last before a rest.
    package var limitSeconds: Int64
    /// When the stop-and-rest reminder is due.
    package var limitAt: Instant
    /// When a rest is due, as the status says it: the bout's limit, or sooner the moment today's budget is used
    /// (its reminder stops the bout then); `nil` for a bout begun with nothing left, which has no allowance (the
    /// budget's reminder was its stop).
    package var restDueAt: Instant?
}

/// A rest in progress.
package struct RestStatus: Codable, Sendable, Equatable {
    package var startedAt: Instant
    package var elapsedSeconds: Int64
    /// The length the person asked for, if any.
    package var plannedSeconds: Int?
    /// The minimum rest after the bout before it: max(10 min, half the bout); on a flare day max(15 min, the bout).
    package var minimumSeconds: Int64
    /// When the rest has lasted the planned length, or else the minimum.
    package var longEnoughAt: Instant
}

/// The base envelope and how it got there.
package struct BaseStatus: Codable, Sendable, Equatable {
    /// B, in points (while calibrating: the provisional budget).
    package var points: Double
    /// B0, floor and ceiling, once calibration has ended.
    package var initial: Double?
    package var floor: Double?
    package var ceiling: Double?
    /// The latest change, if any.
    package var lastChange: BaseChange?
}

/// Flare mode as switched on by the person.
package struct FlareModeStatus: Codable, Sendable, Equatable {
    package var since: Instant
    package var until: Instant?
}

/// Everything about today at one moment: what `pace` shows.
package struct PaceStatus: Codable, Sendable, Equatable {
    /// The pacing day.
    package var date: CivilDate
    package var dayStartedAt: Instant
    package var dayEndsAt: Instant
    package var mode: Mode
    /// Today's budget E_t.
    package var budget: Amount
    /// Used today, the running bout included.
    package var used: Amount
    /// max(0, budget − used).
    package var left: Amount
    /// max(0, used − budget).
    package var over: Amount
    /// The budget is provisional (calibrating).
    package var isProvisional: Bool
    /// Recorded calibration days so far, and how many are needed.
    package var calibrationDaysRecorded: Int
    package var calibrationDaysNeeded: Int
    /// The base envelope.
    package var base: BaseStatus
    /// Why today is a flare day, if it is.
    package var flare: DayBudget.FlareSource
    /// Flare mode, if on now.
    package var flareMode: FlareModeStatus?
    package var bout: BoutStatus?
    package var rest: RestStatus?
    /// Reminders are held until then.
    package var snoozedUntil: Instant?
    /// The reference activity's name and words ("walking"), for "… min of walking".
    package var referenceActivity: String
    package var referenceLabel: String
}

/// One pacing day of history.
package struct DayHistory: Codable, Sendable, Equatable {
    package var date: CivilDate
    /// The day's budget (final for past days, as of now for today).
    package var budget: Double
    package var used: Double
    package var activeSeconds: Int64
    /// The budget was provisional (calibration).
    package var isProvisional: Bool
    package var checkIns: [CheckIn]
    /// A flare day (reported, from symptoms, or assumed).
    package var flare: Bool
    /// A flare reported that day.
    package var flareReported: Bool
    /// A change of the base made that night (or asked for that day).
    package var baseChange: BaseChange?
    /// Anything was recorded that day.
    package var recorded: Bool
    /// The day is today (not finished).
    package var isToday: Bool
    /// An event of the day was taken back or amended (the record contract's corrections).
    package var corrected = false
}
