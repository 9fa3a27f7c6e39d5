import PaceCore
import PaceSystem
import PaceTestSupport
import Testing

@testable import PaceLog

/// Start-up is snapshot + tail; whatever happens to the snapshot, the state must equal a full replay.
@Suite struct SnapshotTests {
    /// A stand-in for the daemon's derived state: it depends on every record, in order.
    struct Tally: Equatable {
        var count: UInt64 = 0
        var digest: UInt32 = 0

        mutating func apply(_ record: LogRecord) {
            count += 1
            digest = CRC32C.checksum(record.payload, continuing: digest ^ UInt32(truncatingIfNeeded: count))
        }

        var encoded: [UInt8] {
            var bytes: [UInt8] = []
            bytes.appendLittleEndian(count)
            bytes.appendLittleEndian(digest)
            return bytes
        }

        init() {}

        init(_ bytes: [UInt8]) {
            count = bytes.withUnsafeBytes { $0.littleEndian(UInt64.self, at: 0) }
            digest = bytes.withUnsafeBytes { $0.littleEndian(UInt32.self, at: 8) }
        }
    }

    /// What the daemon does at start-up.
    static func startUp(_ log: EventLog) throws -> (tally: Tally, lookup: SnapshotLookup, replayed: Int) {
        let lookup = log.latestSnapshot()
        var tally = Tally()
        var from = LogPosition.beginning
        if case .found(let snapshot) = lookup {
            tally = Tally(snapshot.bytes)
            from = snapshot.position
        }
        var replayed = 0
        var reader = log.reader(from: from)
        while let record = try reader.next() {
            tally.apply(record)
            replayed += 1
        }
        return (tally, lookup, replayed)
    }

    static func fullReplay(_ log: EventLog) throws -> Tally {
        var tally = Tally()
        for record in try log.records() { tally.apply(record) }
        return tally
    }

    /// A log of `count` records over a few months, with a snapshot at its end.
    static func logWithSnapshot(_ fixture: LogFixture, count: Int = 30) throws -> EventLog {
        let (log, _) = try fixture.open()
        for n in 0..<count { try log.append([event(n)], at: instant(2026, 1 + n / 10, 1 + n % 10)) }
        try log.writeSnapshot(try fullReplay(log).encoded, at: log.endPosition)
        return log
    }

    @Test func aMatchingSnapshotIsUsedAndOnlyTheTailIsReplayed() throws {
        let fixture = LogFixture()
        let log = try Self.logWithSnapshot(fixture)
        try log.append([event(100), event(101)], at: instant(2026, 4, 2))
        let (reopened, _) = try fixture.open()
        let start = try Self.startUp(reopened)
        #expect(start.tally == (try Self.fullReplay(reopened)))
        #expect(start.replayed == 2)
        guard case .found(let snapshot) = start.lookup else {
            Issue.record("snapshot not used: \(start.lookup)")
            return
        }
        #expect(snapshot.position < reopened.endPosition)
        #expect(!Files.exists(fixture.path("snapshot.tmp")))
    }

    @Test func aStaleSnapshotFromEarlierInTheLogIsUsedWithTheLongerTail() throws {
        let fixture = LogFixture()
        let (log, _) = try fixture.open()
        var records: [LogRecord] = []
        for n in 0..<20 { try log.append([event(n)], at: instant(2026, 1 + n / 5, 3)) }
        records = try log.records()
        // A snapshot taken after record 7, written now (the daemon may snapshot a position it replayed to).
        var tally = Tally()
        for record in records[...7] { tally.apply(record) }
        try log.writeSnapshot(tally.encoded, at: records[7].end)
        let start = try Self.startUp(try fixture.open().0)
        #expect(start.replayed == 12)
        #expect(start.tally == (try Self.fullReplay(log)))
    }

    @Test func aCorruptSnapshotIsIgnoredWithAReportAndTheLogReplayed() throws {
        let fixture = LogFixture()
        let log = try Self.logWithSnapshot(fixture)
        let path = fixture.path("snapshot")
        let size = Files.size(path)
        for offset in [0, 9, 20, 30, 41, 50, 54, size - 1] {
            let original = Files.read(path)
            Files.flipBit(path, offset: offset, bit: 2)
            let start = try Self.startUp(try fixture.open().0)
            #expect(start.tally == (try Self.fullReplay(log)))
            #expect(start.replayed == 30)
            guard case .ignored(let issue) = start.lookup else {
                Issue.record("damaged snapshot (byte \(offset)) used: \(start.lookup)")
                continue
            }
            #expect(issue.kind == .snapshotIgnored && issue.path == path)
            #expect(issue.description.contains("the whole log is replayed"))
            Files.write(path, original)
        }
        Files.write(path, Array(Files.read(path).dropLast(3)))
        guard case .ignored(let issue) = try Self.startUp(try fixture.open().0).lookup else {
            Issue.record("a cut-short snapshot was used")
            return
        }
        #expect(issue.reason == "it is incomplete")
    }

    @Test func aDeletedSnapshotMeansAFullReplay() throws {
        let fixture = LogFixture()
        let log = try Self.logWithSnapshot(fixture)
        try Syscall.unlink(fixture.path("snapshot"))
        let start = try Self.startUp(try fixture.open().0)
        #expect(start.lookup == .missing)
        #expect(start.tally == (try Self.fullReplay(log)))
    }

    @Test func aSnapshotPastTheEndOfTheLogIsIgnored() throws {
        let fixture = LogFixture()
        _ = try Self.logWithSnapshot(fixture)
        // The log lost its last record (restored from an older backup, say) but the snapshot remembers it.
        let segment = fixture.path("2026-03.log")
        let (log, _) = try fixture.open()
        let last = try #require(try log.records().last)
        Files.write(segment, Array(Files.read(segment)[..<Int(last.position.offset)]))
        let (shorter, _) = try fixture.open()
        let start = try Self.startUp(shorter)
        guard case .ignored(let issue) = start.lookup else {
            Issue.record("a snapshot past the end was used")
            return
        }
        #expect(issue.reason.contains("past the end of the log"))
        #expect(start.tally == (try Self.fullReplay(shorter)))
        #expect(start.replayed == 29)
    }

    @Test func aSnapshotFromAnotherLogIsIgnored() throws {
        let fixture = LogFixture()
        _ = try Self.logWithSnapshot(fixture)
        // Same shape, other content: every record has the same length and time, but says something else.
        let other = LogFixture()
        let (otherLog, _) = try other.open()
        for n in 0..<30 { try otherLog.append([event(n, "boutStopped")], at: instant(2026, 1 + n / 10, 1 + n % 10)) }
        Files.write(other.path("snapshot"), Files.read(fixture.path("snapshot")))
        let start = try Self.startUp(try other.open().0)
        guard case .ignored(let issue) = start.lookup else {
            Issue.record("another log's snapshot was used")
            return
        }
        #expect(issue.reason.contains("the log differs from the one it was taken from"))
        #expect(start.tally == (try Self.fullReplay(otherLog)))
    }

    @Test func aSnapshotFromANewerPaceIsIgnoredAndSaysSo() throws {
        let fixture = LogFixture()
        _ = try Self.logWithSnapshot(fixture)
        var bytes = Files.read(fixture.path("snapshot"))
        bytes.storeLittleEndian(UInt16(2), at: 8)
        bytes.storeLittleEndian(CRC32C.checksum(bytes[..<52]), at: 52)
        Files.write(fixture.path("snapshot"), bytes)
        guard case .ignored(let issue) = try fixture.open().0.latestSnapshot() else {
            Issue.record("a newer snapshot was used")
            return
        }
        #expect(issue.reason == "it was written by a newer Pace (snapshot format 2)")
    }

    @Test func aSnapshotMustBeTakenWhereARecordEnds() throws {
        let fixture = LogFixture()
        let log = try Self.logWithSnapshot(fixture)
        let records = try log.records()
        let middle = LogPosition(segment: records[3].position.segment, offset: records[3].position.offset + 5)
        for position in [middle, LogPosition(segment: SegmentID(year: 2030, month: 1), offset: 32)] {
            #expect {
                try log.writeSnapshot([1], at: position)
            } throws: { ($0 as? LogError)?.code == .invalidPosition }
        }
        // The beginning is where every log's empty state is.
        try log.writeSnapshot(Tally().encoded, at: .beginning)
        let start = try Self.startUp(try fixture.open().0)
        #expect(start.lookup == .found(Snapshot(position: .beginning, bytes: Tally().encoded)))
        #expect(start.tally == (try Self.fullReplay(log)))
    }
}
