/// Everything Pace knows, derived from the event log: a pure, deterministic reducer.
///
/// `apply(_:)` folds one event in; replaying the same events with the same settings always gives the same
/// state, so the daemon can rebuild it from the log at any time, or start from a snapshot (the state is
/// `Codable`) and replay the tail. A state is valid only for the settings it was built with: after a change
/// of settings, replay (compare ``settings`` to decide whether a snapshot still applies).
///
/// Queries never read a clock: they take `now` and the current UTC offset, and look at the state as it
/// would be then (a new pacing day may have begun since the last event) without changing it.
///
/// Days: every event is placed in the pacing day of its own instant and offset, but the current day never
/// moves backwards, so a backward clock jump or a flight west cannot reopen a finished day (activities
/// logged afterwards are the exception: they go to the day they happened). A finished day is judged by the
/// envelope at once; if a late entry changes it, the envelope is re-run from that day on.
package struct PaceState: Codable, Sendable, Equatable {
    /// The settings the state was built with.
    package private(set) var settings: PaceSettings
    /// Every pacing day from the first one with an event to the current one, without gaps, oldest first.
    package internal(set) var days = DayList()
    /// How many of ``days`` (from the oldest) the envelope has judged: all but the current one.
    package internal(set) var closedCount = 0
    /// The envelope after the last judged day.
    package internal(set) var envelope: Envelope
    /// The envelope as it was before each of the last few judged days, so a late entry re-runs only days.
    var checkpoints: [Checkpoint] = []
    /// The first judged day a late entry changed, to be judged again (``judgeAgain()``); `nil` when none is.
    var rejudgeFrom: Int?
    /// The bout that is running, if any.
    package internal(set) var activity: RunningActivity?
    /// The rest that is running, if any.
    package internal(set) var rest: RunningRest?
    /// Flare mode, if switched on (it may have an end that has already passed; see ``FlareMode/isActive(at:)``).
    package internal(set) var flareMode: FlareMode?
    /// The latest snooze.
    package internal(set) var snooze: Snooze?
    /// The answer to "what does a bad day allow?", in effort points.
    package internal(set) var badDayAnswer: Double?
    /// The morning readings of the baseline in force (`nil` until the first: older snapshots have none).
    package internal(set) var morning: MorningHistory?
    /// The latest event's instant and offset.
    package internal(set) var lastEventAt: Instant?
    package internal(set) var lastUtcOffsetSeconds = 0

    /// An empty state: nothing recorded yet.
    package init(settings: PaceSettings = PaceSettings()) {
        self.settings = settings
        self.envelope = Envelope(parameters: settings.envelope)
    }

    /// A state built by applying `events` in order.
    /// - Throws: ``Event/OutOfRange`` for the first event outside ``EventRanges``.
    package init(settings: PaceSettings = PaceSettings(), replaying events: some Sequence<Event>)
        throws(Event.OutOfRange)
    {
        self.init(settings: settings)
        for event in events { try apply(event) }
    }

    /// A bout in progress.
    package struct RunningActivity: Codable, Sendable, Equatable {
        package var activity: String
        package var intensity: Intensity
        package var pointsPerMinute: Double
        package var startedAt: Instant
        /// Time up to here has been added to a day's load already (at a day's end).
        package var countedUntil: Instant
        /// Seconds added to days' loads so far (capped at the longest bout).
        package var countedSeconds: Int64 = 0
        /// Who wins the minutes it shares with another bout.
        package var precedence: BoutPrecedence
    }

    /// A rest in progress.
    package struct RunningRest: Codable, Sendable, Equatable {
        package var startedAt: Instant
        package var plannedSeconds: Int?
        /// The rate of the bout just before it, which sets the minimum rest.
        package var afterBoutRate: Double?
    }

    /// Flare mode: on since `since`, until switched off or until `until`.
    package struct FlareMode: Codable, Sendable, Equatable {
        package var since: Instant
        package var until: Instant?

        /// Whether flare mode is on at `instant`.
        package func isActive(at instant: Instant) -> Bool {
            until.map { instant < $0 } ?? true
        }

        /// Whether its end falls after `start` and no later than `end`.
        package func expired(within start: Instant, _ end: Instant) -> Bool {
            guard let until else { return false }
            return start < until && until <= end
        }
    }

    /// Reminders held until `until`; `reminder` comes back once then.
    package struct Snooze: Codable, Sendable, Equatable {
        package var at: Instant
        package var until: Instant
        package var reminder: ReminderID?
    }

    /// The envelope before day `index` was judged.
    struct Checkpoint: Codable, Sendable, Equatable {
        var index: Int
        var envelope: Envelope
    }

    /// How many checkpoints to keep: late entries up to a week back re-run only the days since.
    static let checkpointCount = 8

    /// A copy for the record's weekly checkpoints (`Ledger`), with the envelope checkpoints of its last two judged
    /// days only. A fold from a ledger checkpoint changes days from its boundary on (a day before it, for a bout
    /// that began before midnight); an entry further back re-runs the envelope from the first day, as one more than
    /// ``checkpointCount`` days back always does. Six weekly copies of eight envelopes each were 90 kB of a year's
    /// idle memory.
    func forLedgerCheckpoint() -> PaceState {
        guard checkpoints.count > 2 else { return self }
        var copy = self
        copy.checkpoints.removeFirst(checkpoints.count - 2)
        return copy
    }

    /// The current pacing day (of the latest event), if anything was recorded.
    package var currentDay: CivilDate? { days.last?.date }

    /// The index in ``days`` of `date`, if it is within the recorded range.
    package func index(of date: CivilDate) -> Int? {
        guard let first = days.first?.date else { return nil }
        let index = date.days(since: first)
        return days.indices.contains(index) ? index : nil
    }

    /// The provisional budget of the first days: the bad-day answer, or the built-in start.
    var provisional: (points: Double, isAnswer: Bool) {
        if let badDayAnswer { return (badDayAnswer, true) }
        return (Double(settings.provisionalBudgetMinutes) * settings.pointsPerReferenceMinute, false)
    }
}
