import Logging
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// An import in batches (`ImportEvents` with `more`): a union by id across the batches, one fold after the last
/// (or before whatever comes first), and never an event twice.
@Suite @DaemonActor
struct ImportSessionTests {
    let root = TemporaryDirectory()
    let clock = FixedClock(Instant(rfc3339: "2026-11-25T15:00:00Z")!, utcOffsetSeconds: 0)
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func open() throws -> EventStore {
        try EventStore.open(
            stateDirectory: root.appending("pace"), settings: PaceSettings(), clock: clock, logger: Self.logger)
    }

    /// Two check-ins a day at the same instant (energy, then pain), `days` ago, id-less as an old export has
    /// them, oldest first.
    func oldCheckIns(days: ClosedRange<Int>) -> [Event] {
        days.reversed().flatMap { daysAgo -> [Event] in
            let at = clock.instant.adding(seconds: -Int64(daysAgo) * 86_400)
            var energy = Event(at: at, utcOffsetSeconds: 0, .checkIn(CheckIn(energy: 5)))
            var pain = Event(at: at, utcOffsetSeconds: 0, .checkIn(CheckIn(pain: 3)))
            energy.header.source = .imported
            pain.header.source = .imported
            return [energy, pain]
        }
    }

    @Test func batchesAreFoldedOnceAfterTheLastAndTheirIdsCarryOver() throws {
        defer { root.remove() }
        let store = try open()
        // Ten weeks of recent history: the ledger folds in place only the last seven or so.
        let recent = oldCheckIns(days: 1...70)
        _ = try store.importEvents(recent, more: false)
        try store.perform(.checkIn(CheckIn(energy: 4)))
        let before = store.state.days.flatMap(\.checkIns).count
        #expect(before == recent.count + 1)
        // Older than the ledger folds in place: the fold waits for the last batch.
        let events = oldCheckIns(days: 71...190)
        // Split between the two events of one instant.
        let first = try store.importEvents(Array(events[..<101]), more: true)
        #expect(first == .init(imported: 101, skipped: 0))
        #expect(store.ledger.state.days.flatMap(\.checkIns).count == before)
        let last = try store.importEvents(Array(events[101...]), more: false)
        #expect(last == .init(imported: events.count - 101, skipped: 0))
        #expect(store.state.days.flatMap(\.checkIns).count == before + events.count)
        // The same file again, in other batches: nothing is added.
        let again = try store.importEvents(Array(events[..<7]), more: true)
        let rest = try store.importEvents(Array(events[7...]), more: false)
        #expect(again.imported + rest.imported == 0)
        #expect(store.log.recordCount == before + events.count)
        // A start from the log is the same state.
        let reopened = try open()
        #expect(reopened.state == store.state)
    }

    @Test func questionsSeeTheStateBeforeTheImportUntilItEndsOrIsAbandoned() throws {
        defer { root.remove() }
        let clock = EventStoreHorizonTests.MovableClock("2026-11-25T15:00:00Z")
        let store = try EventStore.open(
            stateDirectory: root.appending("pace"), settings: PaceSettings(), clock: clock, logger: Self.logger)
        _ = try store.importEvents(oldCheckIns(days: 1...70), more: false)
        let before = store.state.days.flatMap(\.checkIns).count
        let events = oldCheckIns(days: 100...190)
        _ = try store.importEvents(Array(events[..<50]), more: true)
        // Between batches a question is answered from the state before the import.
        #expect(store.queryState(at: clock.now(), utcOffsetSeconds: 0).days.flatMap(\.checkIns).count == before)
        // A client that never sends its last batch: once it has been quiet a while, a question folds what came.
        clock.set("2026-11-25T15:00:06Z")
        #expect(store.queryState(at: clock.now(), utcOffsetSeconds: 0).days.flatMap(\.checkIns).count == before + 50)
        // Another change folds at once.
        _ = try store.importEvents(Array(events[50..<60]), more: true)
        try store.perform(.checkIn(CheckIn(energy: 6)))
        #expect(store.state.days.flatMap(\.checkIns).count == before + 61)
    }
}
