import Logging
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport
import Synchronization
import Testing

@testable import PaceDaemon

/// The store's time rule: events stamped past the clock's horizon (recorded while the wall clock was ahead) are
/// left out of the state and of snapshots, kept in the log, and folded in once the horizon reaches them.
@Suite @DaemonActor
struct EventStoreHorizonTests {
    /// A clock a test sets; its horizon is 5 minutes past it unless set apart (as while a step back is held).
    final class MovableClock: WallClock {
        let instant: Mutex<Instant>
        let fixedHorizon = Mutex<Instant?>(nil)

        init(_ text: String) { instant = Mutex(Instant(rfc3339: text)!) }

        func now() -> Instant { instant.withLock { $0 } }
        func utcOffsetSeconds(at instant: Instant) -> Int { 0 }
        func horizon() -> Instant {
            fixedHorizon.withLock { $0 } ?? now().adding(seconds: TrustedTime.toleranceSeconds)
        }
        func set(_ text: String) { instant.withLock { $0 = Instant(rfc3339: text)! } }
    }

    let root = TemporaryDirectory()
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func open(_ clock: MovableClock) throws -> EventStore {
        try EventStore.open(
            stateDirectory: root.appending("pace"), settings: PaceSettings(), clock: clock, logger: Self.logger)
    }

    @Test func eventsStampedAheadAreLeftOutUntilTheirTimeComes() throws {
        defer { root.remove() }
        // What an older Pace did with a clock a year ahead: a check-in stamped then, and a snapshot holding it.
        let ahead = MovableClock("2027-12-07T09:00:00Z")
        do {
            let store = try open(ahead)
            try store.perform(.checkIn(CheckIn(energy: 2)))
            store.writeSnapshot()
        }
        let clock = MovableClock("2026-12-07T10:00:00Z")
        let store = try open(clock)
        #expect(store.eventsAhead == 1)
        #expect(store.state.currentDay == nil)
        try store.perform(.checkIn(CheckIn(energy: 5)))
        clock.set("2026-12-07T10:30:00Z")
        try store.perform(.checkIn(CheckIn(pain: 3)))
        #expect(store.state.currentDay?.iso8601 == "2026-12-07")
        #expect(store.log.recordCount == 3)
        // No snapshot while an event is left out: the next start must still see it.
        store.writeSnapshot()
        #expect(try open(clock).eventsAhead == 1)

        clock.set("2027-12-07T08:56:00Z")
        var changes = 0
        store.onChange = { changes += 1 }
        store.catchUp()
        #expect(changes == 1)
        #expect(store.eventsAhead == 0)
        #expect(store.state.currentDay?.iso8601 == "2027-12-07")
        // Out of time order in the log (the two after it are in order), it is folded where its time falls: each
        // check-in on its own day.
        #expect(store.state.days.first?.checkIns.count == 2)
        #expect(store.state.days.last?.checkIns.count == 1)
        #expect(store.state.days.count == 366)
    }

    @Test func aClockThatWentBackBeforeTheStateUnpinsIt() throws {
        defer { root.remove() }
        let clock = MovableClock("2026-12-07T10:00:00Z")
        let store = try open(clock)
        try store.perform(.checkIn(CheckIn(energy: 5)))
        clock.set("2027-12-07T10:00:00Z")
        try store.perform(.checkIn(CheckIn(energy: 2)))
        #expect(store.state.currentDay?.iso8601 == "2027-12-07")
        clock.set("2026-12-07T10:30:00Z")
        store.catchUp()
        #expect(store.state.currentDay?.iso8601 == "2026-12-07")
        #expect(store.eventsAhead == 1)
        #expect(store.log.recordCount == 2)
    }

    /// While a step back is held, the time is the wall clock but the horizon stays: a check-in then is earlier
    /// than the one the state ends with. The record folds every event where its time falls (the record contract),
    /// so the check-in lands on its own day, beside the first one, and the day a year ahead keeps its own; once the
    /// step back is followed, the horizon leaves the one ahead out.
    @Test func anEventEarlierThanTheStateMakesTheStoreReplay() throws {
        defer { root.remove() }
        let clock = MovableClock("2026-12-07T10:00:00Z")
        let store = try open(clock)
        try store.perform(.checkIn(CheckIn(energy: 5)))
        clock.set("2027-12-07T10:00:00Z")
        try store.perform(.checkIn(CheckIn(energy: 2)))
        clock.fixedHorizon.withLock { $0 = Instant(rfc3339: "2027-12-07T10:05:00Z")! }
        clock.set("2026-12-07T10:30:00Z")
        try store.perform(.checkIn(CheckIn(pain: 4)))
        #expect(store.state.currentDay?.iso8601 == "2027-12-07")
        #expect(store.state.days.first?.checkIns.count == 2)
        #expect(store.state.days.last?.checkIns.count == 1)
        #expect(store.eventsAhead == 0)
        #expect(try open(clock).state == store.state)

        clock.fixedHorizon.withLock { $0 = nil }
        store.catchUp()
        #expect(store.state.currentDay?.iso8601 == "2026-12-07")
        #expect(store.state.days.map(\.checkIns.count) == [2])
        #expect(store.eventsAhead == 1)
    }

    /// Events recorded together (an import) that are out of time order among themselves are folded as replay folds
    /// them, so the state after recording is the state the next start makes from the log.
    @Test func eventsOutOfOrderAmongThemselvesAreFoldedAsReplayFoldsThem() throws {
        defer { root.remove() }
        let clock = MovableClock("2026-12-07T18:00:00Z")
        let store = try open(clock)
        func at(_ text: String, _ payload: Event.Payload) -> Event {
            Event(at: Instant(rfc3339: text)!, utcOffsetSeconds: 0, payload)
        }
        let walk = Event.Payload.activityStarted(.init(activity: "walk", intensity: .light, pointsPerMinute: 1))
        try store.record([
            at("2026-12-07T13:00:00Z", walk), at("2026-12-07T12:00:00Z", .activityStopped),
            at("2026-12-07T11:00:00Z", walk),
        ])
        // In the order given a walk would be running since 11:00; in time order, one walked from 11:00 to 12:00.
        #expect(store.state.activity?.startedAt.rfc3339 != "2026-12-07T11:00:00Z")
        #expect(try open(clock).state == store.state)
    }
}
