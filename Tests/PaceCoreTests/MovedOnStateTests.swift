import Foundation
import PaceTestSupport
import PropertyBased
import Testing

@testable import PaceCore

/// The daemon answers queries from a state already moved on to today (``PaceState/movedOn(to:utcOffsetSeconds:)``),
/// kept for the day; every answer must be the one the state itself gives.
@Suite struct MovedOnStateTests {
    /// A few days of plausible events from `seed`, ending with a gap of up to three days (or a bout left running).
    static func randomState(_ seed: UInt64, settings: PaceSettings = PaceSettings()) -> (
        state: PaceState, last: Instant, offset: Int
    ) {
        var random = SplitMix(seed: seed)
        let offset = [3600, 7200, -18_000, 0][random.int(0..<4)]
        var state = PaceState(settings: settings)
        var now = Instant(rfc3339: "2026-11-01T05:00:00Z")!
        var running = false
        var resting = false
        func add(_ payload: Event.Payload) { try! state.apply(Event(at: now, utcOffsetSeconds: offset, payload)) }
        add(.calibrationAnswered(.init(badDayMinutes: 20 + random.int(0..<40), pointsPerMinute: 1.8)))
        for _ in 0..<random.int(5..<120) {
            now = now.adding(seconds: Int64(random.int(60..<(random.int(0..<8) == 0 ? 30 * 3600 : 4 * 3600))))
            switch random.int(0..<9) {
            case 0, 1:
                if running {
                    add(.activityStopped)
                } else {
                    add(.activityStarted(.init(activity: "walk", intensity: .moderate, pointsPerMinute: 1.8)))
                }
                running.toggle()
            case 2:
                add(resting ? .restEnded : .restStarted(.init(plannedSeconds: random.int(0..<2) == 0 ? 900 : nil)))
                resting.toggle()
            case 3:
                add(
                    .checkIn(CheckIn(energy: random.int(0..<11), fatigue: random.int(0..<11), pain: random.int(0..<11)))
                )
            case 4: add(.checkIn(CheckIn(flare: random.int(0..<3) == 0)))
            case 5: add(random.int(0..<2) == 0 ? .flareStarted(.init(until: now.adding(seconds: 86_400))) : .flareEnded)
            case 6:
                add(
                    .activityLogged(
                        .init(
                            activity: "yoga", intensity: .light, pointsPerMinute: 1.0,
                            start: now.adding(seconds: -3600), durationSeconds: 60 * random.int(5..<60))))
            case 7: add(.snoozed(.init(until: now.adding(seconds: 600), reminder: nil)))
            default: add(.reminderShown(.init(reminder: ReminderID.make(.budget90, "2026-11-01"), covers: [])))
            }
        }
        return (state, now, offset)
    }

    @Test func queriesOnTheMovedOnStateEqualQueriesOnTheState() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var (state, last, offset) = Self.randomState(seed)
            var random = SplitMix(seed: seed ^ 0xDA7)
            // The first question comes some time after the last event: the same day, or days later.
            let first = last.adding(seconds: Int64(random.int(0..<(3 * 86_400))))
            let movedOn = state.movedOn(to: first, utcOffsetSeconds: offset)
            // Later questions in the same pacing day.
            let day = state.day(now: first, utcOffsetSeconds: offset)
            var now = first
            for _ in 0..<4 {
                #expect(
                    movedOn.status(now: now, utcOffsetSeconds: offset)
                        == state.status(now: now, utcOffsetSeconds: offset))
                #expect(
                    movedOn.reminders(now: now, utcOffsetSeconds: offset)
                        == state.reminders(now: now, utcOffsetSeconds: offset))
                #expect(
                    movedOn.explanation(now: now, utcOffsetSeconds: offset)
                        == state.explanation(now: now, utcOffsetSeconds: offset))
                // Both worked out together, on one view of the day, as the daemon asks for them.
                let together = movedOn.statusAndReminders(now: now, utcOffsetSeconds: offset)
                #expect(together.status == state.status(now: now, utcOffsetSeconds: offset))
                #expect(together.reminders == state.reminders(now: now, utcOffsetSeconds: offset))
                let later = now.adding(seconds: Int64(random.int(1..<(6 * 3600))))
                guard state.day(now: later, utcOffsetSeconds: offset) == day else { break }
                now = later
            }
            // The state itself is untouched: moving on is only for answering.
            let again = state.movedOn(to: first, utcOffsetSeconds: offset)
            #expect(again == movedOn)
            try state.apply(Event(at: first, utcOffsetSeconds: offset, .restEnded))
        }
    }

    @Test func namesMatchIgnoringCaseLikeLowercasing() throws {
        let names = [
            "walk", "Walk", "WALK", "walking", "wal", "water-exercise", "Water-Exercise", "tai-chi", "", "k",
            "\u{212A}", "K", "İ", "i", "ß", "SS", "straße", "STRASSE", "café", "CAFÉ", "cafe\u{301}", "CAFE\u{301}",
            "cafe",
            "walk\u{212A}", "yoga ", "yo ga",
        ]
        var settings = PaceSettings()
        settings.activities = names.map { ActivityKind(name: $0, met: 2) }
        for name in names {
            // The last kind whose name lowercases the same, as comparing `lowercased()` with each would find it.
            let expected = settings.activities.last { $0.name.lowercased() == name.lowercased() }
            #expect(settings.activity(named: name) == expected, "\(name)")
        }
        #expect(PaceSettings().activity(named: "Walking")?.name == "walk")
        #expect(PaceSettings().activity(named: "TAICHI")?.name == "tai-chi")
        #expect(PaceSettings().activity(named: "walks") == nil)
        // A later kind that takes a name as its alias wins it; decoded settings look kinds up as built ones do.
        var stroll = PaceSettings()
        stroll.define(ActivityKind(name: "stroll", aliases: ["WALK"], met: 2.2))
        #expect(stroll.activity(named: "walk")?.name == "stroll")
        let decoded = try JSONDecoder().decode(PaceSettings.self, from: JSONEncoder().encode(stroll))
        #expect(decoded == stroll)
        #expect(decoded.activity(named: "Walk")?.name == "stroll")
    }
}
