import Logging
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// The event store: a change is in the log before it is in the state, a refused one is in neither, and the state
/// a store reopens with is the one it had.
@Suite @DaemonActor
struct EventStoreTests {
    let root = TemporaryDirectory()
    let clock = FixedClock(Instant(rfc3339: "2026-11-25T09:00:00Z")!, utcOffsetSeconds: 3600)
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func open(settings: PaceSettings = PaceSettings()) throws -> EventStore {
        try EventStore.open(
            stateDirectory: root.appending("pace"), settings: settings, clock: clock, logger: Self.logger)
    }

    @Test func aCommandIsInTheLogBeforeItIsAppliedAndSurvivesReopening() throws {
        defer { root.remove() }
        let store = try open()
        var changes = 0
        store.onChange = {
            // Told after the append: the log already holds the event the state now has.
            #expect(store.log.recordCount == 1)
            #expect(store.state.activity?.activity == "walk")
            changes += 1
        }
        let events = try store.perform(.startActivity(activity: "walk"))
        #expect(events.map(\.payload.type) == ["activityStarted"])
        #expect(changes == 1)
        let reopened = try open()
        #expect(reopened.state == store.state)
    }

    @Test func aRefusedCommandChangesNothingAndTellsNobody() throws {
        defer { root.remove() }
        let store = try open()
        store.onChange = { Issue.record("a refused command was announced") }
        #expect {
            try store.perform(.stopActivity)
        } throws: { error in
            guard case .refused(let refusal) = error as? EventStore.Refusal else { return false }
            return refusal.kind == .noActivityRunning
        }
        #expect(store.log.recordCount == 0)
        #expect(store.state == PaceState())
    }

    @Test func aStartGivenForEarlierIsRecordedAtThatTimeAndTheClocksRulesHold() throws {
        defer { root.remove() }
        let store = try open()
        let earlier = clock.instant.adding(seconds: -600)
        try store.perform(.startActivity(activity: "walk"), at: earlier)
        #expect(store.state.activity?.startedAt == earlier)
        #expect(throws: EventStore.Refusal.self) {
            try store.perform(.stopActivity, at: clock.instant.adding(seconds: 3600))
        }
        #expect(store.log.recordCount == 1)
    }

    @Test func newSettingsRebuildTheStateAndOnlyNewOnesDo() throws {
        defer { root.remove() }
        let store = try open()
        try store.perform(
            .logActivity(activity: "walk", start: clock.instant.adding(seconds: -3600), durationSeconds: 600))
        var changes = 0
        store.onChange = { changes += 1 }
        #expect(!store.reconfigure(PaceSettings()))
        var settings = PaceSettings()
        settings.dayStartHour = 6
        #expect(store.reconfigure(settings))
        #expect(changes == 1)
        #expect(store.state.settings.dayStartHour == 6)
        #expect(try store.state == PaceState(settings: settings, replaying: events(store)))
    }

    /// Every event in the store's log, decoded.
    private func events(_ store: EventStore) throws -> [Event] {
        try store.log.records().map { try EventCodec.decode($0.payload) }
    }
}
