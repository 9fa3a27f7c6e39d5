import Logging
import PaceCore
import PaceProtocol
import PaceSystem
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// ``StatusView`` works the status out once a change and keeps it while the core says it holds: every answer must
/// still be the one for its moment.
@Suite @DaemonActor
struct StatusViewTests {
    typealias SteppingClock = EventStoreCorrectionTests.SteppingClock
    let root = TemporaryDirectory()
    /// 18:00 local (UTC+1): past the morning check-in prompt, so nothing is due.
    let clock = SteppingClock()

    func open() throws -> (EventStore, StatusView) {
        let store = try EventStore.open(
            stateDirectory: root.appending("pace"), settings: PaceSettings(), clock: clock,
            logger: EventStoreCorrectionTests.logger)
        return (store, StatusView(store: store, clock: clock, stateDirectory: root.path, startedAt: clock.now()))
    }

    @Test func aRunningBoutCountsOnBetweenChanges() throws {
        let (store, status) = try open()
        try store.perform(.startActivity(activity: "walk"))
        let first = try #require(status.wire().activity)
        clock.advance(seconds: 90)
        let later = try #require(status.wire().activity)
        #expect(later.durationSeconds == first.durationSeconds + 90)
        #expect(later.points > first.points)
    }

    @Test func aSteadyStatusEndsWhereTheCoreSaysItMay() throws {
        let (store, status) = try open()
        try store.perform(.snooze(seconds: 600))
        let snoozed = status.wire()
        #expect(snoozed.snoozedUntil != nil)
        clock.advance(seconds: 300)
        // Nothing runs: the same status, at its own moment.
        let same = status.wire()
        #expect(same.snoozedUntil == snoozed.snoozedUntil)
        #expect(same.now != snoozed.now)
        // Past the snooze's end, with no event between.
        clock.advance(seconds: 301)
        #expect(status.wire().snoozedUntil == nil)
    }
}
