import Logging
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// The record contract's plausibility, for typed entries: a bout over 3 hours, more than twice today's budget, or
/// one over another typed bout is refused unless confirmed, and recorded when it is; late entries are otherwise
/// taken where their time falls.
@Suite @DaemonActor
struct PlausibilityTests {
    let root = TemporaryDirectory()
    let clock = FixedClock(Instant(rfc3339: "2026-11-25T15:00:00Z")!, utcOffsetSeconds: 0)
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func open() throws -> EventStore {
        try EventStore.open(
            stateDirectory: root.appending("pace"), settings: PaceSettings(), clock: clock, logger: Self.logger)
    }

    func at(_ time: String) -> Instant { Instant(rfc3339: "2026-11-25T\(time):00Z")! }

    func log(_ minutes: Int, from time: String) -> Command {
        .logActivity(activity: "walk", start: at(time), durationSeconds: minutes * 60)
    }

    func isImplausible(_ error: any Error) -> Bool {
        guard case .refused(let refusal) = error as? EventStore.Refusal else { return false }
        return refusal.kind == .implausible
    }

    @Test func aTypoOfFiveHoursIsRefusedUnlessConfirmed() throws {
        defer { root.remove() }
        let store = try open()
        #expect(throws: (any Error).self) { try store.perform(log(300, from: "08:00"), confirmed: false) }
        do {
            try store.perform(log(300, from: "08:00"), confirmed: false)
        } catch {
            #expect(isImplausible(error))
            #expect("\(error)".contains("5 h"), "\(error)")
        }
        #expect(store.log.recordCount == 0)
        try store.perform(log(300, from: "08:00"), confirmed: true)
        #expect(store.log.recordCount == 1)
        #expect(store.state.days.last?.activeSeconds == Int64(300 * 60))
    }

    @Test func moreThanTwiceTodaysBudgetInOneEntryIsRefusedUnlessConfirmed() throws {
        defer { root.remove() }
        let store = try open()
        let budget = store.state.budget(now: clock.instant, utcOffsetSeconds: 0).points
        // Walking counts 1.8 points a minute: just over twice the budget, under 3 hours.
        let minutes = Int((2 * budget / 1.8).rounded(.up)) + 2
        #expect(minutes < 180)
        #expect(performing(store, log(minutes, from: "10:00")).map(isImplausible) == true)
        #expect(store.log.recordCount == 0)
        #expect(performing(store, log(minutes - 4, from: "10:00")) == nil)
        #expect(store.log.recordCount == 1)
    }

    @Test func aBoutOverATypedBoutIsRefusedUnlessConfirmedAndThenItsMinutesCountOnce() throws {
        defer { root.remove() }
        let store = try open()
        try store.perform(log(30, from: "10:00"), confirmed: false)
        #expect(performing(store, log(20, from: "10:20")).map(isImplausible) == true)
        #expect(store.log.recordCount == 1)
        try store.perform(log(20, from: "10:20"), confirmed: true)
        // 10:00–10:40, once: the later entry wins 10:20–10:30.
        #expect(store.state.days.last?.activeSeconds == Int64(40 * 60))
    }

    @Test func aStartGivenForEarlierAfterACheckInIsTakenWhereItsTimeFalls() throws {
        defer { root.remove() }
        let store = try open()
        try store.perform(.checkIn(CheckIn(energy: 5)))
        try store.perform(.startActivity(activity: "walk"), at: clock.instant.adding(seconds: -600), confirmed: false)
        #expect(store.state.activity?.startedAt == clock.instant.adding(seconds: -600))
        let events = LogReplay.events(of: store.log)
        #expect(events.map(\.payload.type) == ["checkIn", "activityStarted"])
        // Recorded now, stamped when it happened.
        #expect(events.last?.header.recordedAt == clock.instant)
    }

    @Test func anEditThatMakesABoutUnlikelyIsRefusedUnlessConfirmed() throws {
        defer { root.remove() }
        let store = try open()
        let events = try store.perform(log(30, from: "08:00"), confirmed: false)
        let id = try #require(store.ledger.recentEvents.last?.header.id)
        #expect(events.count == 1)
        #expect(throws: EventStore.Refusal.self) {
            try store.amend(id.description, durationSeconds: 5 * 3600, confirmed: false)
        }
        #expect(store.log.recordCount == 1)
        try store.amend(id.description, durationSeconds: 5 * 3600, confirmed: true)
        #expect(store.state.days.last?.activeSeconds == Int64(5 * 3600))
        // Its own minutes are no overlap: a shorter length is plausible.
        try store.amend(id.description, durationSeconds: 20 * 60, confirmed: false)
        #expect(store.state.days.last?.activeSeconds == Int64(20 * 60))
    }

    /// The error `perform` throws, or `nil`.
    func performing(_ store: EventStore, _ command: Command) -> (any Error)? {
        do {
            try store.perform(command, confirmed: false)
            return nil
        } catch {
            return error
        }
    }
}
