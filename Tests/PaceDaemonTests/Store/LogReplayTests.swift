import PaceCore
import PaceLog
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// Replay decodes on two threads, batch by batch, and must still apply every event once, in log order, and report
/// every unreadable record at its own position: the same state as folding the events one by one.
@Suite struct LogReplayTests {
    let root = TemporaryDirectory()

    /// A history of several batches (of 1,024 records here, in chunks of 256): a random history repeated, a day
    /// apart each time, with records that are not events at a batch's and a chunk's edges and at random places.
    @Test func replayOnTwoThreadsIsTheOneByOneFold() throws {
        defer { root.remove() }
        let history = RandomHistory(seed: 7)
        try #require(!history.events.isEmpty)
        var events: [Event] = []
        var shift: Int64 = 0
        let span = history.last.millisecondsSinceEpoch - history.events[0].at.millisecondsSinceEpoch
        while events.count < 3_000 {
            for event in history.events {
                var moved = event
                moved.at = event.at.adding(seconds: shift)
                events.append(moved)
            }
            shift += span / 1000 + 86_400
        }
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

        var replayed = PaceState(settings: history.settings)
        var reported: [LogPosition] = []
        let outcome = LogReplay.replay(log, into: &replayed, batchSize: 1_024) { position, _ in reported.append(position) }

        #expect(outcome.readError == nil)
        #expect(outcome.replayed == events.count)
        #expect(outcome.unreadable == unreadablePositions.count)
        #expect(reported == unreadablePositions)
        #expect(replayed == PaceState(settings: history.settings, replaying: events))
    }
}
