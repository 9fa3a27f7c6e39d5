import Foundation
import PaceCore
import PaceLog
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// Replay decodes on two threads, batch by batch, and must still apply every event once, in log order, and report
/// every unreadable record at its own position: the same state as folding the events one by one.
@Suite struct LogReplayTests {
    let root = TemporaryDirectory()

    /// A history of several batches (of 1,024 records here, in chunks of 256): three weeks of bouts, rests and
    /// check-ins ten minutes apart, with records that are not events at a batch's and a chunk's edges and at random
    /// places.
    @Test func replayOnTwoThreadsIsTheOneByOneFold() throws {
        defer { root.remove() }
        let settings = PaceSettings()
        let first = Instant(rfc3339: "2026-03-01T07:00:00Z")!
        let events = (0..<3_000).map { index in
            let payload: Event.Payload =
                switch index % 5 {
                case 0: .activityStarted(.init(activity: "walk", intensity: .moderate, pointsPerMinute: 1.8))
                case 1: .activityStopped
                case 2: .checkIn(CheckIn(energy: index % 11, fatigue: nil, pain: nil, sleepQuality: nil, stress: nil))
                case 3: .restStarted(.init(plannedSeconds: 900))
                default: .restEnded
                }
            return Event(at: first.adding(seconds: Int64(index) * 600), utcOffsetSeconds: 3600, payload)
        }.identified()
        // Record numbers (0-based, counting the damaged ones) that hold bytes that are not an event.
        var random = SplitMix(seed: 11)
        var damaged: Set<Int> = [0, 255, 256, 257, 1_023, 1_024, 1_025, 2_048]
        while damaged.count < 24 { damaged.insert(random.int(0..<events.count)) }

        let (log, _) = try EventLog.open(directory: root.appending("log"))
        let time = Instant(millisecondsSinceEpoch: 1_764_000_000_000)
        var payloads: [[UInt8]] = []
        var unreadablePositions: [LogPosition] = []
        var next = events.makeIterator()
        var record = 0
        var pendingDamaged: [Int] = []
        while true {
            if damaged.contains(record) {
                payloads.append(Array(#"{"type":"notAnEvent"}"#.utf8))
                pendingDamaged.append(payloads.count - 1)
            } else if let event = next.next() {
                payloads.append(EventCodec.encode(event))
            } else {
                break
            }
            record += 1
        }
        let positions = try log.append(payloads, at: time)
        unreadablePositions = pendingDamaged.map { positions[$0] }

        var replayed = Ledger(settings: settings)
        var reported: [LogPosition] = []
        let outcome = LogReplay.replay(log, into: &replayed, batchSize: 1_024) { position, _ in
            reported.append(position)
        }

        #expect(outcome.readError == nil)
        #expect(outcome.replayed == events.count)
        #expect(outcome.skipped == unreadablePositions.count)
        #expect(reported == unreadablePositions)
        #expect(try replayed.state == PaceState(settings: settings, replaying: events))
    }

    /// The next batch is read on the other thread: a segment that can no longer be read (it vanished after the log
    /// was opened) still ends the replay with every record before it taken in, in order, and the error reported.
    @Test func aSegmentThatCannotBeReadEndsTheReplayAfterEveryRecordBeforeIt() throws {
        defer { root.remove() }
        let settings = PaceSettings()
        let first = Instant(rfc3339: "2026-03-01T07:00:00Z")!
        let events = (0..<2_500).map { index in
            Event(
                at: first.adding(seconds: Int64(index) * 600), utcOffsetSeconds: 0,
                index % 2 == 0 ? .restStarted(.init(plannedSeconds: 60 + index)) : .restEnded)
        }.identified()
        let (log, _) = try EventLog.open(directory: root.appending("log"))
        let march = Instant(rfc3339: "2026-03-20T07:00:00Z")!
        _ = try log.append(events.prefix(2_000).map(EventCodec.encode), at: march)
        _ = try log.append(events.dropFirst(2_000).map(EventCodec.encode), at: march.adding(seconds: 40 * 86_400))
        let (reopened, _) = try EventLog.open(directory: root.appending("log"))
        let segments = try FileManager.default.contentsOfDirectory(atPath: root.appending("log")).filter {
            $0.hasSuffix(".log")
        }
        .sorted()
        #expect(segments.count == 2)
        try FileManager.default.removeItem(atPath: root.appending("log") + "/" + segments[1])

        for batchSize in [300, 1_024, 2_000, 5_000] {
            var replayed = Ledger(settings: settings)
            let outcome = LogReplay.replay(reopened, into: &replayed, batchSize: batchSize)
            #expect(outcome.readError != nil, "batches of \(batchSize)")
            #expect(outcome.replayed == 2_000, "batches of \(batchSize)")
            #expect(
                try replayed.state == PaceState(settings: settings, replaying: Array(events.prefix(2_000))),
                "batches of \(batchSize)")
        }
    }
}
