import FoundationEssentials
import PaceCore
import PaceSystem
import PaceTestSupport
import PropertyBased
import Testing

@testable import PaceLog

/// Opening a log whose snapshot fits leaves the records before the snapshot's position for a check after start-up
/// (`EventLog.PendingCheck`): what opening and that check find together is what opening the whole log finds.
@Suite struct PendingCheckTests {
    /// `count` records over a few months (four segments), a snapshot at the end of record `snapshotAt`.
    static func log(_ fixture: LogFixture, count: Int = 40, snapshotAt: Int? = nil) throws -> [LogRecord] {
        let (log, _) = try fixture.open()
        for n in 0..<count { try log.append([event(n)], at: instant(2026, 1 + n / 10, 1 + n % 10)) }
        let records = try log.records()
        try log.writeSnapshot([1, 2, 3], at: records[snapshotAt ?? count - 1].end)
        return records
    }

    /// Issues as sentences with `directory` taken out, in file order, for comparing two copies of one log.
    static func sentences(_ issues: [RecoveryIssue], in directory: String) -> [String] {
        issues.map { $0.description.replacing(directory, with: "<log>") }.sorted()
    }

    /// Where a snapshot found was taken, `nil` when none was.
    static func position(_ lookup: SnapshotLookup) -> LogPosition? {
        if case .found(let snapshot) = lookup { snapshot.position } else { nil }
    }

    @Test func theSnapshotsRecordsAreLeftForLaterAndCheckedThen() throws {
        let fixture = LogFixture()
        let records = try Self.log(fixture, snapshotAt: 24)
        let (log, report) = try EventLog.open(directory: fixture.directory, checkingLaterFrom: 0)
        #expect(report.isClean)
        let check = try #require(log.pendingCheck)
        // Two segments before the snapshot's (January and February), and March's records up to the snapshot's.
        #expect(check.parts.map(\.isWholeSegment) == [true, true, false])
        #expect(check.parts.last?.range.upperBound == Int(records[24].end.offset))
        // What opening counted: March's records after the position, and April's; every record is read all the same.
        #expect(log.recordCount == 15)
        #expect(try log.records() == records)
        #expect(log.endPosition == records[39].end)
        #expect(log.completeCheck(check.run()) == [])
        #expect(log.pendingCheck == nil)
        #expect(log.recordCount == 40)
    }

    /// A file the check cannot read (gone since opening): the check stops there, and every part it did not check is
    /// a damage issue for `pace doctor`, never a silently short count.
    @Test func partsTheCheckCouldNotReadAreReported() throws {
        let fixture = LogFixture()
        let records = try Self.log(fixture, snapshotAt: 24)
        let (log, _) = try EventLog.open(directory: fixture.directory, checkingLaterFrom: 0)
        let check = try #require(log.pendingCheck)
        let february = fixture.path(records[10].position.segment.fileName)
        try FileManager.default.removeItem(atPath: february)
        let findings = check.run()
        #expect(findings.failure != nil)
        let issues = log.completeCheck(findings)
        // January checked; February (gone) and March's part never checked.
        #expect(issues.map(\.kind) == [.notChecked, .notChecked])
        #expect(issues.map(\.path) == check.parts.dropFirst().map(\.path))
        #expect(issues.filter(\.isDamage).count == 2)
        #expect(log.recordCount == 15 + 10)
        #expect(log.pendingCheck == nil)
    }

    @Test func damageBeforeTheSnapshotIsFoundByTheLaterCheckAsOpeningFindsIt() throws {
        let fixture = LogFixture()
        let records = try Self.log(fixture)
        // A payload byte of January's second record, and February's last record cut short by junk at its end.
        let january = fixture.path(records[1].position.segment.fileName)
        Files.flipBit(january, offset: Int(records[1].position.offset) + 30, bit: 2)
        let february = fixture.path(records[19].position.segment.fileName)
        Files.write(february, Files.read(february).dropLast(3))

        let (whole, wholeReport) = try fixture.open()
        let (log, report) = try EventLog.open(directory: fixture.directory, checkingLaterFrom: 0)
        #expect(report.isClean)
        #expect(try log.records() == whole.records())
        let issues = log.completeCheck(try #require(log.pendingCheck).run(window: 64))
        #expect(issues.map(\.kind) == [.damagedBytesSkipped, .damagedSegmentEnd])
        #expect(issues == wholeReport.issues)
        #expect(log.recordCount == whole.recordCount)
        #expect(log.recordCount == 38)
        #expect(log.segments.map(\.end) == whole.segments.map(\.end))
    }

    @Test func aTornTailAfterTheSnapshotIsCutOffBeforeAnything() throws {
        let fixture = LogFixture()
        let records = try Self.log(fixture)
        let april = fixture.path(records[39].position.segment.fileName)
        let size = Files.size(april)
        Files.write(april, Files.read(april) + [0xFF, 0x50, 0x52, 0xFE, 9, 9])
        let (log, report) = try EventLog.open(directory: fixture.directory, checkingLaterFrom: 0)
        #expect(report.issues.map(\.kind) == [.tornTailTruncated])
        #expect(report.issues.first?.offset == Int64(size))
        #expect(Files.size(april) == size)
        #expect(log.pendingCheck != nil)
        #expect(log.endPosition == records[39].end)
        // The next record follows the last whole one.
        try log.append([event(99)], at: instant(2026, 4, 20))
        #expect(try payloads(try fixture.open().0).last == event(99))
    }

    @Test func withoutAFittingSnapshotEverythingIsCheckedAtOnce() throws {
        let fixture = LogFixture()
        let records = try Self.log(fixture)
        Files.flipBit(
            fixture.path(records[1].position.segment.fileName), offset: Int(records[1].position.offset) + 30, bit: 2)
        // The record the snapshot anchors on is not the one that ends at its position any more.
        let april = fixture.path(records[39].position.segment.fileName)
        Files.flipBit(april, offset: Int(records[39].position.offset) + 26, bit: 0)
        let (log, report) = try EventLog.open(directory: fixture.directory, checkingLaterFrom: 0)
        #expect(log.pendingCheck == nil)
        #expect(report.issues.map(\.kind) == [.damagedBytesSkipped, .tornTailTruncated])
        #expect(log.recordCount == 38)

        // No snapshot at all: the same.
        let other = LogFixture()
        _ = try Self.log(other)
        try FileManager.default.removeItem(atPath: other.path(Snapshot.fileName))
        #expect(try EventLog.open(directory: other.directory, checkingLaterFrom: 0).0.pendingCheck == nil)
        // Read-only (`paced --check-log`, `--dump-log`) always looks at everything.
        let third = LogFixture()
        _ = try Self.log(third)
        #expect(
            try EventLog.open(directory: third.directory, access: .readOnly, checkingLaterFrom: 0).0.pendingCheck
                == nil)
    }

    @Test func aSnapshotVouchingForFewerBytesThanTheMinimumHasThemCheckedAtOnce() throws {
        let fixture = LogFixture()
        let records = try Self.log(fixture, snapshotAt: 24)
        // What the snapshot vouches for: January and February whole, and March up to the position.
        let paths = try fixture.segmentPaths()
        let vouched = paths.prefix(2).map(Files.size).reduce(0, +) + Int(records[24].end.offset)
        #expect(try EventLog.open(directory: fixture.directory, checkingLaterFrom: vouched + 1).0.pendingCheck == nil)
        let (log, _) = try EventLog.open(directory: fixture.directory, checkingLaterFrom: vouched)
        #expect(log.pendingCheck != nil)
        // A year of history is checked at once by the daemon.
        #expect(EventLog.laterCheckMinimum > 2 << 20)
    }

    /// Random logs, a snapshot at a random record, random bit flips anywhere (segment headers, record headers,
    /// payloads, before or after the snapshot, its anchor too), checked in random windows: opening with the
    /// snapshot trusted and then checking finds what opening without it finds, and reads the same records.
    @Test func openingThenCheckingFindsWhatOpeningWholeFinds() async {
        await propertyCheck(
            count: 60 * EventLogPropertyTests.scale, input: Gen.uint8().array(of: 1...80).array(of: 2...14),
            Gen.uint64()
        ) { payloads, seed in
            let fixture = LogFixture()
            var random = SplitMix(seed: seed)
            let (original, _) = try fixture.open()
            let appended = try EventLogPropertyTests.appendAll(payloads, to: original, random: &random)
            try original.writeSnapshot([7], at: appended.randomElement(using: &random)!.end)
            let segments = try fixture.segmentPaths()
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let path = segments.randomElement(using: &random)!
                Files.flipBit(
                    path, offset: Int.random(in: 0..<Files.size(path), using: &random),
                    bit: Int.random(in: 0...7, using: &random))
            }
            // Two copies: opening cuts a torn tail off.
            let copy = LogFixture()
            try FileManager.default.createDirectory(atPath: copy.directory, withIntermediateDirectories: true)
            for name in try Syscall.directoryEntries(fixture.directory) {
                Files.write(copy.path(name), Files.read(fixture.path(name)))
            }

            let (whole, wholeReport) = try fixture.open()
            let (log, report) = try EventLog.open(directory: copy.directory, checkingLaterFrom: 0)
            #expect(try log.records().map(\.payload) == whole.records().map(\.payload))
            #expect(log.endPosition == whole.endPosition)
            #expect(Self.position(log.latestSnapshot()) == Self.position(whole.latestSnapshot()))
            let later = log.pendingCheck.map {
                log.completeCheck($0.run(window: Int.random(in: 1...300, using: &random)))
            }
            #expect(
                Self.sentences(report.issues + (later ?? []), in: copy.directory)
                    == Self.sentences(wholeReport.issues, in: fixture.directory))
            #expect(log.recordCount == whole.recordCount)
            #expect(log.segments.map(\.end) == whole.segments.map(\.end))
            #expect(log.segments.map(\.recordCount) == whole.segments.map(\.recordCount))
            #expect(
                Files.size(copy.path(appended.last!.position.segment.fileName))
                    == Files.size(fixture.path(appended.last!.position.segment.fileName)))
        }
    }
}
