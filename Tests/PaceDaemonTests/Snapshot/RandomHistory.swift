import PaceCore
import PaceTestSupport

/// Random but plausible histories for the snapshot tests: settings that differ from the defaults, weeks of
/// days (so the envelope calibrates and adapts, days get verdicts and base changes), every kind of event,
/// free-text notes with quotes, escapes and non-ASCII, gaps of days, and a bout or rest left running.
struct RandomHistory {
    var settings: PaceSettings
    var events: [Event]
    var last: Instant
    var offset: Int

    var state: PaceState { get throws { try PaceState(settings: settings, replaying: events) } }

    static let notes = [
        "", "tired", "\"quoted\" \\ back\\slash", "line\nbreak\ttab", "Müdigkeit — schlecht geschlafen", "🙂 ok",
        String(repeating: "long note ", count: 40), "\u{0}nul", "e\u{301}",
    ]

    init(seed: UInt64) {
        var random = SplitMix(seed: seed)
        var settings = PaceSettings()
        settings.dayStartHour = random.int(0..<24)
        if random.chance(2) {
            settings.define(
                ActivityKind(
                    name: "Gärtnern", label: "gardening \"light\"", aliases: ["garden", "g"],
                    met: 2 + Double(random.int(0..<30)) / 10))
        }
        if random.chance(3) { settings.reminders.quietHours = nil }
        if random.chance(3) { settings.reminders.eveningCheckIn = ClockTime(hour: 20, minute: 30) }
        if random.chance(3) { settings.envelope.exertionDebt.enabled = true }
        settings.provisionalBudgetMinutes = 20 + random.int(0..<60)
        self.settings = settings
        offset = [3600, 7200, -18_000, 0, 19_800][random.int(0..<5)]
        var now = Instant(rfc3339: "2026-03-01T07:00:00Z")!.adding(seconds: Int64(random.int(0..<86_400)))
        var events: [Event] = []
        var running = false
        var resting = false
        let offset = offset
        func add(_ payload: Event.Payload) { events.append(Event(at: now, utcOffsetSeconds: offset, payload)) }
        if random.chance(2) {
            add(.calibrationAnswered(.init(badDayMinutes: 10 + random.int(0..<50), pointsPerMinute: 1.8)))
        }
        let activities = ["walk", "yoga", "Gärtnern", "desk work", "cooking"]
        for _ in 0..<random.int(1..<400) {
            let gap = random.chance(12) ? random.int(3600..<(4 * 86_400)) : random.int(30..<(3 * 3600))
            now = now.adding(seconds: Int64(gap))
            switch random.int(0..<15) {
            case 0, 1, 2:
                if running {
                    add(.activityStopped)
                } else {
                    let intensity = PaceCore.Intensity.allCases[random.int(0..<3)]
                    add(
                        .activityStarted(
                            .init(
                                activity: activities[random.int(0..<activities.count)], intensity: intensity,
                                pointsPerMinute: [1.0, 1.8, 2.5, 0.7][random.int(0..<4)])))
                }
                running.toggle()
            case 3:
                add(resting ? .restEnded : .restStarted(.init(plannedSeconds: random.chance(2) ? 900 : nil)))
                resting.toggle()
            case 4, 5:
                var checkIn = CheckIn(
                    energy: random.maybe(0..<11), fatigue: random.maybe(0..<11), pain: random.maybe(0..<11),
                    sleepQuality: random.maybe(0..<11), stress: random.maybe(0..<11),
                    flare: random.chance(4) ? random.chance(2) : nil,
                    note: random.chance(3) ? Self.notes[random.int(0..<Self.notes.count)] : nil)
                // `complete` from the draws above, so the histories of every seed stay what they were.
                if checkIn.stress == nil { checkIn.complete = checkIn.energy.map { $0 % 2 == 0 } }
                add(.checkIn(checkIn))
            case 6:
                add(
                    .flareStarted(
                        .init(until: random.chance(2) ? now.adding(seconds: Int64(random.int(600..<200_000))) : nil))
                )
            case 7: add(.flareEnded)
            case 8:
                add(
                    .activityLogged(
                        .init(
                            activity: activities[random.int(0..<activities.count)], intensity: .light,
                            pointsPerMinute: 1.3, start: now.adding(seconds: -Int64(random.int(600..<(9 * 86_400)))),
                            durationSeconds: 60 * random.int(1..<180))))
            case 9:
                let reminder = random.chance(2) ? ReminderID.make(.boutLimit, "b\(random.int(0..<9))") : nil
                add(.snoozed(.init(until: now.adding(seconds: 300), reminder: reminder)))
            case 10:
                let kind = ReminderKind.allCases[random.int(0..<ReminderKind.allCases.count)]
                let covers =
                    random.chance(3) ? [ReminderID.make(.budget90, "x"), ReminderID.make(.flareNotice, "y")] : []
                add(.reminderShown(.init(reminder: ReminderID.make(kind, "\(random.int(0..<5))"), covers: covers)))
            case 11:
                let kind = ReminderKind.allCases[random.int(0..<ReminderKind.allCases.count)]
                let action = ReminderAction.allCases[random.int(0..<ReminderAction.allCases.count)]
                add(.reminderActedOn(.init(reminder: ReminderID.make(kind, "\(random.int(0..<5))"), action: action)))
            case 12: add(.trialIncreaseRequested)
            case 13:
                add(
                    .morningReading(
                        .init(
                            restingBeatsPerMinute: 50 + random.int(0..<30),
                            rmssdMilliseconds: Double(10 + random.int(0..<900)) / 10, beats: 200 + random.int(0..<200),
                            newBaseline: random.chance(8) ? true : nil)))
            default:
                add(.checkIn(CheckIn(energy: random.int(3..<8), fatigue: random.int(0..<6))))
            }
        }
        self.events = events.identified()
        self.last = now
    }
}

extension SplitMix {
    /// True one time in `n`.
    mutating func chance(_ n: Int) -> Bool { int(0..<n) == 0 }

    /// A value from `range`, or `nil` half the time.
    mutating func maybe(_ range: Range<Int>) -> Int? { chance(2) ? nil : int(range) }
}
