import Logging
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport
import Synchronization
import Testing

@testable import PaceDaemon

/// `pace delete`, `pace edit` and `pace undo` in the store: the event an id names is looked up and checked here,
/// a correction is recorded as an event, and a refused one records nothing.
@Suite @DaemonActor
struct EventStoreCorrectionTests {
    /// A clock a test moves on (a command's events share their id's millisecond; the next command's do not).
    final class SteppingClock: WallClock {
        let current = Mutex(Instant(rfc3339: "2026-11-25T17:00:00Z")!)

        var instant: Instant { current.withLock { $0 } }
        func now() -> Instant { instant }
        func utcOffsetSeconds(at instant: Instant) -> Int { 3600 }
        func horizon() -> Instant { now().adding(seconds: TrustedTime.toleranceSeconds) }
        func advance(seconds: Int64) { current.withLock { $0 = $0.adding(seconds: seconds) } }
    }

    let root = TemporaryDirectory()
    /// 18:00 local (UTC+1) on 2026-11-25.
    let clock = SteppingClock()
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func open() throws -> EventStore {
        try EventStore.open(
            stateDirectory: root.appending("pace"), settings: PaceSettings(), clock: clock, logger: Self.logger)
    }

    /// Today's points used.
    func used(_ store: EventStore) -> Double {
        store.state.status(now: clock.instant, utcOffsetSeconds: 3600).used.points
    }

    /// Logs a walk of `seconds` from 08:00 local, and returns its id.
    func logWalk(_ store: EventStore, seconds: Int = 5 * 3600) throws -> EventID {
        let events = try store.perform(
            .logActivity(
                activity: "walk", start: Instant(rfc3339: "2026-11-25T07:00:00Z")!, durationSeconds: seconds))
        let id = try #require(store.ledger.windowEvents.last?.header.id)
        #expect(events.count == 1)
        return id
    }

    func refusal(_ body: () throws(EventStore.Refusal) -> Void) -> PaceError.Kind? {
        do throws(EventStore.Refusal) {
            try body()
        } catch {
            if case .refused(let error) = error { return error.kind }
            Issue.record("not a refusal of the core: \(error)")
        }
        return nil
    }

    @Test func aRetractedWalkNoLongerCountsAndItsRetractionIsInTheLog() throws {
        defer { root.remove() }
        let store = try open()
        let id = try logWalk(store)
        let walked = used(store)
        #expect(walked > 0)
        let target = try store.retract(id.short)
        #expect(target.header.id == id)
        #expect(used(store) == 0)
        #expect(store.ledger.corrections.isRetracted(id))
        #expect(store.log.recordCount == 2)
        #expect(store.events(on: nil).isEmpty)
        // The next start reads the same from the log.
        let reopened = try open()
        #expect(used(reopened) == 0)
    }

    @Test func amendingTheLengthCountsTheNewLength() throws {
        defer { root.remove() }
        let store = try open()
        let id = try logWalk(store)
        let fiveHours = used(store)
        let bout = try store.amend(id.description, durationSeconds: 30 * 60)
        #expect(bout.boutSpan?.durationSeconds == 30 * 60)
        #expect(abs(used(store) - fiveHours / 10) < 0.01)
        // A second edit keeps what the first changed.
        try store.amend(id.short, intensity: .vigorous)
        let listed = try #require(store.events(on: nil).first)
        #expect(listed.boutSpan?.durationSeconds == 30 * 60)
        let vigorous = try store.state.activityStart("walk", .vigorous).pointsPerMinute
        #expect(abs(used(store) - vigorous * 30) < 0.01)
    }

    /// A sensed bout named afterwards (`pace edit ID --kind walk`) keeps the points heart rate gave it; a new
    /// intensity counts it at the kind's rate like any bout.
    @Test func aSensedBoutNamedKeepsItsHeartRatePoints() throws {
        defer { root.remove() }
        let store = try open()
        let sensed = Event(
            header: .init(at: clock.instant, utcOffsetSeconds: 3600, source: .sensed),
            payload: .activityLogged(
                .init(
                    activity: "sensed", intensity: .moderate, pointsPerMinute: 1.25,
                    start: Instant(rfc3339: "2026-11-25T07:00:00Z")!, durationSeconds: 20 * 60)))
        try store.record([sensed])
        let id = try #require(store.ledger.windowEvents.last?.header.id)
        #expect(abs(used(store) - 25) < 0.01)
        clock.advance(seconds: 1)
        let named = try store.amend(id.short, activity: "walk")
        guard case .activityLogged(let bout) = named.payload else {
            Issue.record("not a logged bout: \(named.payload.type)")
            return
        }
        #expect(bout.activity == "walk")
        #expect(bout.pointsPerMinute == 1.25)
        #expect(abs(used(store) - 25) < 0.01)
        clock.advance(seconds: 1)
        try store.amend(id.short, intensity: .light)
        let light = try store.state.activityStart("walk", .light).pointsPerMinute
        #expect(abs(used(store) - light * 20) < 0.01)
    }

    @Test func anAmendedKindIsCountedAtItsRateAndAnUnknownKindIsRefused() throws {
        defer { root.remove() }
        let store = try open()
        let id = try logWalk(store, seconds: 1800)
        #expect(
            refusal { () throws(EventStore.Refusal) in try store.amend(id.short, activity: "juggling") }
                == .unknownActivityKind("juggling"))
        #expect(store.log.recordCount == 1)
        let rate = try store.state.activityStart("yoga", nil).pointsPerMinute
        try store.amend(id.short, activity: "yoga")
        #expect(abs(used(store) - rate * 30) < 0.01)
    }

    @Test func retractingTwiceOrAmendingARetractedEventIsRefusedAndRecordsNothing() throws {
        defer { root.remove() }
        let store = try open()
        let id = try logWalk(store)
        try store.retract(id.short)
        #expect(refusal { () throws(EventStore.Refusal) in try store.retract(id.short) } == .eventAlreadyRetracted(id))
        #expect(
            refusal { () throws(EventStore.Refusal) in try store.amend(id.short, durationSeconds: 600) }
                == .eventAlreadyRetracted(id))
        #expect(store.log.recordCount == 2)
    }

    @Test func unknownMalformedAndAmbiguousIdsAreRefusedAndRecordNothing() throws {
        defer { root.remove() }
        let store = try open()
        let id = try logWalk(store)
        try store.perform(.checkIn(CheckIn(energy: 4)))
        let unknown = id.short == "ffffffff" ? "eeeeeeee" : "ffffffff"
        for text in [unknown, "abc", "not-an-id", String(repeating: "0", count: 33), ""] {
            #expect(refusal { () throws(EventStore.Refusal) in try store.retract(text) } == .eventNotFound(text))
        }
        let checkIn = try #require(store.ledger.windowEvents.last?.header.id)
        #expect(
            refusal { () throws(EventStore.Refusal) in try store.amend(checkIn.short, durationSeconds: 60) }
                == .notABout(checkIn))
        #expect(store.log.recordCount == 2)
        #expect(used(store) > 0)
    }

    @Test func aPrefixOfSeveralIdsIsAmbiguous() throws {
        defer { root.remove() }
        let store = try open()
        // Imported events keep their ids: two that begin alike.
        let first = EventID("abcd000000000000" + "0000000000000001")
        let second = EventID("abcd111100000000" + "0000000000000002")
        var events: [Event] = []
        for (index, id) in [first, second].enumerated() {
            var event = Event(
                at: Instant(rfc3339: "2026-11-25T1\(index):00:00Z")!, utcOffsetSeconds: 3600,
                .checkIn(CheckIn(energy: 4 + index)))
            event.header.id = id
            events.append(event)
        }
        try store.record(events)
        #expect(
            refusal { () throws(EventStore.Refusal) in try store.retract("abcd") }
                == .ambiguousEventID("abcd", matches: 2))
        #expect(store.log.recordCount == 2)
        try store.retract("ABCD1")
        #expect(store.ledger.corrections.isRetracted(second))
    }

    @Test func undoTakesBackTheLatestCommandAndUndoAfterDeleteRestores() throws {
        defer { root.remove() }
        let store = try open()
        let id = try logWalk(store)
        let walked = used(store)
        try store.retract(id.short)
        #expect(used(store) == 0)
        // The latest thing typed is the deletion: undo takes it back, and the walk counts again.
        let undone = try store.undo()
        #expect(undone.map(\.payload.type) == ["retracted"])
        #expect(used(store) == walked)
        #expect(!store.ledger.corrections.isRetracted(id))
        #expect(store.events(on: nil).map(\.header.id) == [id])
    }

    @Test func aNewStartForABoutThatEndedKeepsItsEndAndOnePastItsEndIsRefused() throws {
        defer { root.remove() }
        let store = try open()
        // A walk from 17:00 to 17:30 (UTC), then a rest.
        try store.perform(.startActivity(activity: "walk"))
        let id = try #require(store.ledger.windowEvents.last?.header.id)
        clock.advance(seconds: 1800)
        try store.perform(.stopActivity)
        clock.advance(seconds: 1800)
        let walked = used(store)
        // Begun 10 minutes later: 20 minutes, ended where it ended; nothing runs on.
        let later = Instant(rfc3339: "2026-11-25T17:10:00Z")!
        let edited = try store.amend(id.short, start: later)
        #expect(edited.boutSpan?.start == later)
        #expect(edited.boutSpan?.durationSeconds == 1200)
        #expect(store.state.activity == nil)
        #expect(abs(used(store) - walked * 2 / 3) < 1e-6, "\(used(store)) against \(walked)")
        // Begun after it ended: refused, nothing recorded.
        let records = store.log.recordCount
        let refused = refusal { () throws(EventStore.Refusal) in
            _ = try store.amend(id.short, start: Instant(rfc3339: "2026-11-25T17:45:00Z")!)
        }
        #expect(refused == .invalidValue(.start))
        #expect(store.log.recordCount == records)
        #expect(store.state.activity == nil)
    }

    @Test func undoTakesBackEveryEventOfOneCommandAndNothingElse() throws {
        defer { root.remove() }
        let store = try open()
        try store.perform(.checkIn(CheckIn(energy: 4)))
        clock.advance(seconds: 60)
        // Starting a bout while resting records two events at once: the rest ends, the bout starts.
        try store.perform(.startRest(plannedSeconds: nil))
        clock.advance(seconds: 60)
        let recorded = try store.perform(.startActivity(activity: "walk"))
        #expect(recorded.count == 2)
        let undone = try store.undo()
        #expect(undone.map(\.payload.type) == ["restEnded", "activityStarted"])
        #expect(store.state.activity == nil)
        #expect(store.state.rest != nil)
        #expect(store.log.recordCount == 6)
        // The undo is the latest thing typed: a second undo takes it back, and the bout runs again.
        clock.advance(seconds: 60)
        #expect(try store.undo().map(\.payload.type) == ["retracted", "retracted"])
        #expect(store.state.activity?.activity == "walk")
        #expect(store.state.rest == nil)
    }

    /// Two commands within one millisecond (a script, or a client as fast as the interop test's) are still two:
    /// undo takes back the second alone.
    @Test func twoCommandsInOneMillisecondAreUndoneOneAtATime() throws {
        defer { root.remove() }
        let store = try open()
        try store.perform(.checkIn(CheckIn(energy: 4)))
        try store.perform(.checkIn(CheckIn(energy: 6)))
        let undone = try store.undo()
        #expect(undone.count == 1)
        guard case .checkIn(let checkIn) = undone.first?.payload else {
            Issue.record("undid \(undone)")
            return
        }
        #expect(checkIn.energy == 6)
        #expect(store.events(on: nil).count == 1)
    }

    @Test func undoWithNothingTypedIsRefused() throws {
        defer { root.remove() }
        let store = try open()
        #expect(refusal { () throws(EventStore.Refusal) in _ = try store.undo() } == .eventNotFound(""))
        #expect(store.log.recordCount == 0)
    }

    @Test func anAmendmentInTheFutureIsRefused() throws {
        defer { root.remove() }
        let store = try open()
        let id = try logWalk(store, seconds: 1800)
        #expect(
            refusal { () throws(EventStore.Refusal) in
                try store.amend(id.short, start: clock.instant.adding(seconds: 3600))
            } == .invalidValue(.start))
        #expect(
            refusal { () throws(EventStore.Refusal) in try store.amend(id.short, durationSeconds: 12 * 3600) }
                == .invalidValue(.durationMinutes))
        #expect(store.log.recordCount == 1)
    }

    @Test func anEventOlderThanTheWindowIsFoundListedAndTakenBackFromTheLog() throws {
        defer { root.remove() }
        let store = try open()
        // A walk a week for ten weeks, recorded as they happened (an import): the oldest falls out of the
        // ledger's window.
        let weeks = Ledger.keptCheckpoints + 3
        let walks = stride(from: weeks, through: 1, by: -1).map { week in
            let start = clock.instant.adding(seconds: -Int64(week) * 7 * 86_400)
            return Event(
                at: start.adding(seconds: 1800), utcOffsetSeconds: 3600,
                .activityLogged(
                    Event.LoggedActivity(
                        activity: "walk", intensity: .moderate, pointsPerMinute: 1.8, start: start,
                        durationSeconds: 1800)))
        }
        try store.record(walks)
        let oldest = clock.instant.adding(seconds: -Int64(weeks) * 7 * 86_400)
        let day = PaceSettings().dayBoundary.day(containing: oldest, utcOffsetSeconds: 3600)
        #expect(store.ledger.foldableFrom.map { $0 > oldest } == true)
        let listed = store.events(on: day)
        #expect(listed.count == 1)
        let id = try #require(listed.first?.header.id)
        #expect(!store.ledger.windowEvents.contains { $0.header.id == id })
        let before = store.state.history(from: day, through: day, now: clock.instant, utcOffsetSeconds: 3600)
        #expect(before.first?.used ?? 0 > 0)

        try store.retract(id.short)
        #expect(store.events(on: day).isEmpty)
        let after = store.state.history(from: day, through: day, now: clock.instant, utcOffsetSeconds: 3600)
        #expect((after.first?.used ?? 0) == 0)
        #expect(
            refusal { () throws(EventStore.Refusal) in try store.retract(id.description) } == .eventAlreadyRetracted(id)
        )
    }
}
