import Testing

@testable import PaceCore

/// The one check of every event's values (issue 22, items 1 and 9): each reproduction of the attack is refused by
/// the validator naming its field, changes nothing when applied, and leaves a state whose queries answer; every
/// value a command has ever written passes, so replay after an upgrade skips nothing that was acknowledged.
@Suite struct EventValidationTests {
    static let now = Instant(rfc3339: "2026-12-07T10:00:00Z")!
    static let ms = now.millisecondsSinceEpoch

    static func logged(start: Int64 = ms - 120_000, duration: Int = 120, rate: Double = 1.8, at: Int64 = ms) -> Event {
        Event(
            at: Instant(millisecondsSinceEpoch: at), utcOffsetSeconds: 0,
            .activityLogged(
                .init(
                    activity: "walk", intensity: .moderate, pointsPerMinute: rate,
                    start: Instant(millisecondsSinceEpoch: start), durationSeconds: duration)))
    }

    static func event(_ payload: Event.Payload, at: Int64 = ms, offset: Int = 0) -> Event {
        Event(at: Instant(millisecondsSinceEpoch: at), utcOffsetSeconds: offset, payload)
    }

    static let year1 = Int64(-62_135_596_800_000)
    static let yearMinus200000 = Int64(-6_373_000_000_000_000)

    /// The reproductions of issue 22 item 1, and the field each is refused for.
    static let reproductions: [(String, Event, Event.Field)] = [
        ("durationSeconds 2^62", logged(duration: 1 << 62), .durationSeconds),
        ("durationSeconds -2^63", logged(duration: .min), .durationSeconds),
        ("durationSeconds 2^53 (looped for ever)", logged(duration: 1 << 53), .durationSeconds),
        ("at -2^63", logged(start: .min, at: .min), .at),
        ("at near year -200,000 (grew past 6 GB)", event(.checkIn(CheckIn(energy: 5)), at: yearMinus200000), .at),
        ("plannedSeconds 2^63-1", event(.restStarted(.init(plannedSeconds: .max))), .plannedSeconds),
        ("pointsPerMinute 1e308 logged", logged(rate: 1e308), .pointsPerMinute),
        ("pointsPerMinute -1e308 logged", logged(rate: -1e308), .pointsPerMinute),
        (
            "pointsPerMinute 1e308 started",
            event(.activityStarted(.init(activity: "walk", intensity: .moderate, pointsPerMinute: 1e308))),
            .pointsPerMinute
        ),
        (
            "pointsPerMinute NaN started",
            event(.activityStarted(.init(activity: "walk", intensity: .moderate, pointsPerMinute: .nan))),
            .pointsPerMinute
        ),
        ("start -2^63 (allocated 26 TB)", logged(start: .min), .start),
        ("start in year 1 (180 MB for good)", logged(start: year1), .start),
        ("energy 2^62 (crashed pace history)", event(.checkIn(CheckIn(energy: 1 << 62))), .energy),
        ("utcOffsetSeconds 2^62", event(.restEnded, offset: 1 << 62), .utcOffsetSeconds),
        ("flare until 2^63-1", event(.flareStarted(.init(until: .init(millisecondsSinceEpoch: .max)))), .until),
        (
            "snoozed until -2^63", event(.snoozed(.init(until: .init(millisecondsSinceEpoch: .min), reminder: nil))),
            .until
        ),
        (
            "calibration 1e308 points a minute",
            event(.calibrationAnswered(.init(badDayMinutes: 30, pointsPerMinute: 1e308))), .pointsPerMinute
        ),
        (
            "badDayMinutes 2^62", event(.calibrationAnswered(.init(badDayMinutes: 1 << 62, pointsPerMinute: 1.8))),
            .badDayMinutes
        ),
        ("a note of 2001 characters", event(.checkIn(CheckIn(note: String(repeating: "é", count: 2001)))), .note),
        (
            "an empty activity", event(.activityStarted(.init(activity: "", intensity: .light, pointsPerMinute: 1))),
            .activity
        ),
        (
            "a reminder id of 10,000 bytes",
            event(.reminderShown(.init(reminder: ReminderID(String(repeating: "x", count: 10_000)), covers: []))),
            .reminder
        ),
    ]

    @Test(arguments: reproductions.indices)
    func eachReproductionIsRefusedNamingItsFieldAndChangesNothing(index: Int) throws {
        let (name, evil, field) = Self.reproductions[index]
        #expect(throws: Event.OutOfRange.self, "\(name)") { try evil.validate() }
        do {
            try evil.validate()
        } catch {
            #expect(error.field == field, "\(name): \(error)")
        }
        // A state with history: the bad event is refused by the fold itself and leaves it as it was.
        var state = PaceState()
        try state.apply(
            Self.event(.calibrationAnswered(.init(badDayMinutes: 30, pointsPerMinute: 1.8)), at: Self.ms - 7_200_000))
        try state.apply(Self.logged())
        let before = state
        #expect(throws: Event.OutOfRange.self, "\(name)") { try state.apply(evil) }
        #expect(state == before, "\(name)")
        // And everything is still answered, with finite numbers.
        let later = Self.now.adding(seconds: 3600)
        let status = state.status(now: later, utcOffsetSeconds: 0)
        #expect(status.budget.points.isFinite && status.used.points.isFinite && status.left.points.isFinite)
        let today = state.day(now: later, utcOffsetSeconds: 0)
        let history = state.history(from: today.adding(days: -30), through: today, now: later, utcOffsetSeconds: 0)
        #expect(history.allSatisfy { $0.used.isFinite })
        #expect(!state.explanation(now: later, utcOffsetSeconds: 0).sentences.isEmpty)
    }

    /// The edges of what the commands write (and have written since the first release) pass: replay after an
    /// upgrade never skips an event that was acknowledged.
    @Test func everyValueACommandWritesPasses() throws {
        let year = Int64(EventRanges.backfillDays) * 86_400_000
        let accepted: [Event] = [
            Self.logged(start: Self.ms - year, duration: 1),
            Self.logged(start: Self.ms + 60_000 - 86_400_000, duration: 86_400, rate: 59),
            Self.logged(rate: 0),
            Self.event(.restStarted(.init(plannedSeconds: 60))),
            Self.event(.restStarted(.init(plannedSeconds: 43_200))),
            Self.event(.restStarted(.init(plannedSeconds: nil))),
            Self.event(.checkIn(CheckIn(energy: 0, fatigue: 10, pain: 0, sleepQuality: 10, stress: 5, flare: true))),
            // 2000 characters of several bytes each (and one of several scalars).
            Self.event(.checkIn(CheckIn(note: String(repeating: "🧶", count: 1999) + "e\u{301}"))),
            Self.event(.snoozed(.init(until: Self.now.adding(seconds: 86_400), reminder: ReminderID("bout:1")))),
            Self.event(.flareStarted(.init(until: Self.now.adding(seconds: 400 * 86_400)))),
            // `pace flare --until` takes any future time an RFC 3339 text can say.
            Self.event(.flareStarted(.init(until: Instant(rfc3339: "9999-12-31T23:59:59Z")!))),
            Self.event(.calibrationAnswered(.init(badDayMinutes: 1440, pointsPerMinute: 1.8))),
            Self.event(.calibrationAnswered(.init(badDayMinutes: 1, pointsPerMinute: 1.8))),
            Self.event(
                .reminderShown(
                    .init(
                        reminder: ReminderID("checkin-evening:2026-12-07"),
                        covers: [ReminderID("budget90:2026-12-07"), ReminderID("bout:-9223372036854775808")]))),
            Self.event(.restEnded, offset: 14 * 3600),
            Self.event(.restEnded, offset: -12 * 3600),
            Self.event(.restEnded, at: 0),
        ]
        for event in accepted {
            #expect(throws: Never.self, "\(event)") { try event.validate() }
        }
    }

    @Test func anEventStampedPastTheClockIsRefusedOnlyWhenRecorded() throws {
        let ahead = Self.event(.restEnded, at: Self.ms + 61_000)
        #expect(throws: Never.self) { try ahead.validate() }
        #expect(throws: Never.self) { try Self.event(.restEnded, at: Self.ms + 60_000).validate(recordedAt: Self.now) }
        do {
            try ahead.validate(recordedAt: Self.now)
            Issue.record("an event a minute ahead of the clock was accepted for recording")
        } catch {
            #expect(error.field == .at)
        }
    }

    /// What each command makes passes the validator, whatever the command's values within its own checks.
    @Test func theEventsOfEveryCommandPass() throws {
        var state = PaceState()
        let commands: [Command] = [
            .answerCalibration(badDayMinutes: 1440), .startActivity(activity: "cognitive", intensity: .vigorous),
            .startRest(plannedSeconds: 43_200), .endRest, .startActivity(activity: "walk"), .stopActivity,
            .logActivity(activity: "yoga", start: Self.now.adding(seconds: -366 * 86_400), durationSeconds: 86_400),
            .checkIn(CheckIn(energy: 10, note: String(repeating: "x", count: 2000))), .startFlare(until: nil),
            .snooze(seconds: 86_400), .reminderShown(ReminderID("budget90:2026-12-07"), covers: []),
            .reminderActedOn(ReminderID("budget90:2026-12-07"), .startRest),
        ]
        for command in commands {
            let events = try state.events(for: command, now: Self.now, utcOffsetSeconds: 3600)
            for event in events {
                #expect(throws: Never.self, "\(command)") { try event.validate(recordedAt: Self.now) }
                try state.apply(event)
            }
        }
    }

    // MARK: - A state from outside (item 9)

    static func busyState() throws -> PaceState {
        var state = PaceState()
        try state.apply(
            Self.event(.calibrationAnswered(.init(badDayMinutes: 30, pointsPerMinute: 1.8)), at: ms - 3 * 86_400_000))
        try state.apply(Self.event(.checkIn(CheckIn(energy: 4)), at: ms - 2 * 86_400_000))
        try state.apply(
            Self.event(.activityStarted(.init(activity: "walk", intensity: .moderate, pointsPerMinute: 1.8))))
        return state
    }

    @Test func aStateReplayMakesIsSane() throws {
        #expect(throws: Never.self) { try PaceState().checkSanity() }
        #expect(throws: Never.self) { try Self.busyState().checkSanity() }
    }

    @Test(arguments: [Double.nan, 1e308, -Double.infinity, -1])
    func aBadDayAnswerOrABoutRateNoReplayMakesIsRefused(value: Double) throws {
        var state = try Self.busyState()
        state.badDayAnswer = value
        #expect(throws: PaceState.Insanity.self) { try state.checkSanity() }
        state = try Self.busyState()
        state.activity?.pointsPerMinute = value
        #expect(throws: PaceState.Insanity.self) { try state.checkSanity() }
    }

    @Test func aStateWithoutDaysThatRecordedEventsIsRefused() throws {
        var state = try Self.busyState()
        state.days = []
        state.closedCount = 0
        state.checkpoints = []
        #expect(throws: PaceState.Insanity.self) { try state.checkSanity() }
    }

    @Test func daysOutOfOrderOrUnjudgedAreRefused() throws {
        var state = try Self.busyState()
        state.days[1].date = state.days[1].date.adding(days: 5)
        #expect(throws: PaceState.Insanity.self) { try state.checkSanity() }
        state = try Self.busyState()
        state.closedCount = 0
        #expect(throws: PaceState.Insanity.self) { try state.checkSanity() }
        state = try Self.busyState()
        state.days[0].checkIns.append(CheckIn(pain: 1 << 40))
        #expect(throws: PaceState.Insanity.self) { try state.checkSanity() }
        state = try Self.busyState()
        state.days[state.days.count - 1].load = -1
        #expect(throws: PaceState.Insanity.self) { try state.checkSanity() }
    }
}
