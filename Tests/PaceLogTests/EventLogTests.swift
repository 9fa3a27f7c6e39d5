import Glibc
import PaceCore
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

@testable import PaceLog

@Suite struct EventLogTests {
    @Test func appendedRecordsReadBackInOrderWithTheirTimesAndPositions() throws {
        let fixture = LogFixture()
        let (log, report) = try fixture.open()
        #expect(report.isClean)
        #expect(log.endPosition == .beginning)
        let first = try log.append([event(1), event(2)], at: instant(2026, 11, 25))
        let second = try log.append([event(3)], at: instant(2026, 11, 26))
        let records = try log.records()
        #expect(records.map { Array($0.payload) } == [event(1), event(2), event(3)])
        #expect(records.map(\.position) == first + second)
        #expect(records.map(\.time) == [instant(2026, 11, 25), instant(2026, 11, 25), instant(2026, 11, 26)])
        #expect(records.map(\.position) == records.map(\.position).sorted())
        #expect(log.endPosition == records.last?.end)
        #expect(first[0] == LogPosition(segment: SegmentID(year: 2026, month: 11), offset: 32))
        #expect(try fixture.segmentPaths() == [fixture.path("2026-11.log")])
    }

    @Test func positionsAndRecordsAreTheSameAfterReopening() throws {
        let fixture = LogFixture()
        var positions: [LogPosition] = []
        do {
            let (log, _) = try fixture.open()
            for day in 1...20 { positions += try log.append([event(day)], at: instant(2026, 1 + day % 3, day)) }
        }
        let (log, report) = try fixture.open()
        #expect(report.isClean)
        #expect(report.recordCount == 20)
        #expect(try log.records().map(\.position) == positions)
        #expect(log.recordCount == 20)
    }

    @Test func segmentsRollOverByUTCMonthAndAnEarlierClockStaysInTheNewestSegment() throws {
        let fixture = LogFixture()
        let (log, _) = try fixture.open()
        try log.append([event(1)], at: instant(2026, 10, 31, hour: 23))
        try log.append([event(2)], at: instant(2026, 11, 1))
        // The clock went back a month: the record still goes to the newest segment, after the others.
        let back = try log.append([event(3)], at: instant(2026, 10, 15))
        try log.append([event(4)], at: instant(2027, 2, 3))
        #expect(back[0].segment == SegmentID(year: 2026, month: 11))
        #expect(
            try fixture.segmentPaths() == ["2026-10.log", "2026-11.log", "2027-02.log"].map(fixture.path))
        #expect(try payloads(log) == [event(1), event(2), event(3), event(4)])
        let (reopened, _) = try fixture.open()
        #expect(try payloads(reopened) == [event(1), event(2), event(3), event(4)])
    }

    @Test func aReaderStartsAtAnyPositionAndSeesOnlyWhatFollows() throws {
        let fixture = LogFixture()
        let (log, _) = try fixture.open()
        var positions: [LogPosition] = []
        for n in 0..<12 { positions += try log.append([event(n)], at: instant(2026, 1 + n / 3, 2)) }
        for (index, position) in positions.enumerated() {
            #expect(try payloads(log, from: position) == (index..<12).map { event($0) })
        }
        let end = log.endPosition
        #expect(try log.records(from: end).isEmpty)
        try log.append([event(12)], at: instant(2026, 4, 3))
        #expect(try payloads(log, from: end) == [event(12)])
    }

    @Test func segmentFileNamesAreExactlyTheOnesTheLogWrites() {
        for id in [
            SegmentID(year: 2026, month: 12), SegmentID(year: 1970, month: 1), SegmentID(year: 9999, month: 12),
            SegmentID(year: 2026, month: 3, sequence: 1), SegmentID(year: 2026, month: 3, sequence: 987_654_321),
        ] {
            #expect(SegmentID(fileName: id.fileName) == id)
            #expect(SegmentID(fileName: Substring(id.fileName)) == id)
        }
        for name in [
            "2026-12.0.log", "2026-12.01.log", "2026-12..log", "2026-12.1234567890.log", "2026-13.log", "2026-00.log",
            "1969-12.log", "2026-1.log", "226-12.log", "02026-12.log", "2026_12.log", "2026-12.log.tmp", "2026-12.log ",
            "2026-12.1.2.log", "2026-12.a.log", "2026-12.-1.log", "２０２６-12.log", "2026-1２.log", ".log", "",
            "2026-12.lo\u{301}g", "2026-12.1\u{301}.log",
        ] {
            #expect(SegmentID(fileName: name) == nil, "\(name)")
        }
    }

    @Test func timesOutsideTheCalendarRangeStillGetAValidSegment() throws {
        let fixture = LogFixture()
        let (log, _) = try fixture.open()
        try log.append([event(1)], at: Instant(millisecondsSinceEpoch: -86_400_000 * 400))
        try log.append([event(2)], at: Instant(millisecondsSinceEpoch: Int64.max / 2))
        #expect(try fixture.segmentPaths() == ["1970-01.log", "9999-12.log"].map(fixture.path))
        #expect(try payloads(log) == [event(1), event(2)])
    }

    @Test func anEmptyBatchWritesNothingAndAnOversizedPayloadIsRefused() throws {
        let fixture = LogFixture()
        let (log, _) = try fixture.open()
        #expect(try log.append([], at: instant(2026, 1)) == [])
        #expect(try fixture.segmentPaths().isEmpty)
        let huge = [UInt8](repeating: 0x20, count: RecordFrame.maximumPayloadLength + 1)
        #expect {
            try log.append([event(1), huge], at: instant(2026, 1))
        } throws: { ($0 as? LogError)?.code == .payloadTooLarge }
        #expect(log.recordCount == 0)
        try log.append([[]], at: instant(2026, 1))
        #expect(try payloads(log) == [[]])
    }

    @Test func filesAreCreatedPrivateWhateverTheUmask() throws {
        let fixture = LogFixture()
        let old = umask(0)
        defer { umask(old) }
        let (log, _) = try fixture.open()
        try log.append([event(1)], at: instant(2026, 11))
        try log.writeSnapshot([1, 2, 3], at: log.endPosition)
        #expect(Files.mode(fixture.directory) == 0o700)
        #expect(Files.mode(fixture.path("2026-11.log")) == 0o600)
        #expect(Files.mode(fixture.path("snapshot")) == 0o600)
    }

    @Test func aSegmentOthersCanReadIsRefusedWithTheCommandThatFixesIt() throws {
        let fixture = LogFixture()
        do {
            let (log, _) = try fixture.open()
            try log.append([event(1)], at: instant(2026, 11))
        }
        let segment = fixture.path("2026-11.log")
        chmod(segment, 0o644)
        #expect {
            try fixture.open()
        } throws: { error in
            let error = try #require(error as? LogError)
            return error.code == .notPrivate && error.description.contains("chmod 600 \(segment)")
        }
        chmod(segment, 0o600)
        #expect(try payloads(try fixture.open().0) == [event(1)])
    }

    @Test func aLogDirectoryOthersCanEnterIsRefusedWithTheCommandThatFixesIt() throws {
        let fixture = LogFixture()
        _ = try fixture.open()
        chmod(fixture.directory, 0o755)
        #expect {
            try fixture.open()
        } throws: { error in
            (error as? LogError)?.description.contains("chmod 700 \(fixture.directory)") == true
        }
    }

    @Test func aSnapshotOthersCanReadIsRefused() throws {
        let fixture = LogFixture()
        do {
            let (log, _) = try fixture.open()
            try log.append([event(1)], at: instant(2026, 11))
            try log.writeSnapshot([9], at: log.endPosition)
        }
        chmod(fixture.path("snapshot"), 0o640)
        #expect {
            try fixture.open()
        } throws: { error in
            (error as? LogError)?.description.contains("chmod 600 \(fixture.path("snapshot"))") == true
        }
    }

    @Test(arguments: ["symbolic link", "FIFO", "directory", "file of 2 GiB"])
    func somethingTheLogNeverWritesAtASegmentsNameIsReportedNeverReadAndLeftAlone(what: String) throws {
        let fixture = LogFixture()
        do {
            let (log, _) = try fixture.open()
            try log.append([event(1)], at: instant(2026, 11))
        }
        let segment = fixture.path("2026-12.log")
        switch what {
        case "symbolic link": try #require(symlink(fixture.path("2026-11.log"), segment) == 0)
        case "FIFO": try #require(mkfifo(segment, 0o600) == 0)
        case "directory": try #require(mkdir(segment, 0o700) == 0)
        default:
            Files.write(segment, [])
            try #require(truncate(segment, 2 << 30) == 0)
        }
        let (log, report) = try fixture.open()
        let issue = try #require(report.issues.first)
        #expect(report.issues.count == 1)
        #expect(issue.kind == .unusableSegment && issue.isDamage)
        #expect(issue.path == segment)
        let reason = what == "file of 2 GiB" ? "is 2 GiB, more than a log file may be" : "is a \(what), not a regular"
        #expect(issue.description.hasPrefix("\(segment) \(reason)"), "\(issue)")
        #expect(report.summary.hasPrefix("read 1 event from 1 segment in"))
        #expect(try payloads(log) == [event(1)])

        // New events go to a file of their own beside it, and are read back after it.
        try log.append([event(2)], at: instant(2026, 12, 2))
        #expect(try fixture.segmentPaths() == [fixture.path("2026-11.log"), segment, fixture.path("2026-12.1.log")])
        let (reopened, again) = try fixture.open()
        #expect(again.issues.map(\.kind) == [.unusableSegment])
        #expect(try payloads(reopened) == [event(1), event(2)])
        let status = try #require(try Syscall.lstat(segment))
        #expect(what != "file of 2 GiB" || status.size == 2 << 30)
        #expect(what != "FIFO" || status.type == .fifo)
    }

    @Test func aReadOnlyOpenChangesNothingAndRefusesAppends() throws {
        let fixture = LogFixture()
        #expect(try fixture.open(.readOnly).0.recordCount == 0)
        #expect(!Files.exists(fixture.directory))
        do {
            let (log, _) = try fixture.open()
            try log.append([event(1), event(2)], at: instant(2026, 11))
        }
        let segment = fixture.path("2026-11.log")
        let torn = Files.read(segment) + [0xFF, 0x50, 0x52]
        Files.write(segment, torn)
        Files.write(fixture.path("2026-12.log.tmp"), [1, 2, 3])
        let (log, report) = try fixture.open(.readOnly)
        #expect(report.issues.map(\.kind) == [.tornTailKept])
        #expect(try payloads(log) == [event(1), event(2)])
        #expect(Files.read(segment) == torn)
        #expect(Files.exists(fixture.path("2026-12.log.tmp")))
        #expect {
            try log.append([event(3)], at: instant(2026, 11))
        } throws: { ($0 as? LogError)?.code == .readOnlyAccess }
    }

    @Test func leftoverTemporaryFilesAreRemovedAndReported() throws {
        let fixture = LogFixture()
        _ = try fixture.open()
        Files.write(fixture.path("2026-12.log.tmp"), [1, 2, 3])
        Files.write(fixture.path("snapshot.tmp"), [4])
        let (_, report) = try fixture.open()
        #expect(report.issues.map(\.kind) == [.leftoverRemoved, .leftoverRemoved])
        #expect(!Files.exists(fixture.path("2026-12.log.tmp")))
        #expect(!Files.exists(fixture.path("snapshot.tmp")))
    }

    @Test func aSegmentFromANewerPaceIsReadAsFarAsUnderstoodAndNeverAppendedTo() throws {
        let fixture = LogFixture()
        do {
            let (log, _) = try fixture.open()
            try log.append([event(1), event(2)], at: instant(2026, 11))
        }
        // What a version 2 Pace might write: a longer header, version 1 records, then something new.
        var newer = Array("PACELOG\0".utf8)
        newer.appendLittleEndian(UInt16(2))
        newer.appendLittleEndian(UInt16(40))
        newer += [UInt8](repeating: 7, count: 24)
        newer.appendLittleEndian(CRC32C.checksum(newer))
        RecordFrame.encode(event(3), time: 5, into: &newer)
        newer += [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10]
        newer += [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10]
        let newerPath = fixture.path("2026-12.log")
        Files.write(newerPath, newer)

        let (log, report) = try fixture.open()
        #expect(report.issues.map(\.kind) == [.newerFormat(version: 2)])
        #expect(report.issues[0].description.contains("read 1 event as far as understood"))
        #expect(try payloads(log) == [event(1), event(2), event(3)])
        let refusal = try #require(report.appendRefusal)
        #expect(refusal.contains("newer Pace") && refusal.contains("Update Pace") && refusal.contains(newerPath))
        #expect {
            try log.append([event(4)], at: instant(2027, 1))
        } throws: { ($0 as? LogError)?.code == .newerFormat }
        #expect(Files.read(newerPath) == newer)
        #expect(try fixture.segmentPaths().count == 2)
    }

    @Test func aDamagedSegmentHeaderKeepsItsRecordsAndAppendsGoToANewFile() throws {
        let fixture = LogFixture()
        do {
            let (log, _) = try fixture.open()
            try log.append([event(1), event(2)], at: instant(2026, 11))
        }
        Files.flipBit(fixture.path("2026-11.log"), offset: 13, bit: 3)
        let (log, report) = try fixture.open()
        #expect(report.issues.map(\.kind) == [.damagedSegmentHeader])
        #expect(try payloads(log) == [event(1), event(2)])
        let position = try log.append([event(3)], at: instant(2026, 11, 20))
        #expect(position[0].segment == SegmentID(year: 2026, month: 11, sequence: 1))
        let (reopened, _) = try fixture.open()
        #expect(try payloads(reopened) == [event(1), event(2), event(3)])
        #expect(try fixture.segmentPaths() == ["2026-11.log", "2026-11.1.log"].map(fixture.path))
    }

    @Test func aRenamedSegmentIsReportedAndReadUnderItsFileName() throws {
        let fixture = LogFixture()
        do {
            let (log, _) = try fixture.open()
            try log.append([event(1)], at: instant(2026, 11))
        }
        rename(fixture.path("2026-11.log"), fixture.path("2026-09.log"))
        let (log, report) = try fixture.open()
        #expect(report.issues.map(\.kind) == [.segmentNameMismatch])
        #expect(try log.records().first?.position.segment == SegmentID(year: 2026, month: 9))
    }

    @Test func aCorruptRecordInTheMiddleIsSkippedAndReportedWithSegmentAndOffset() throws {
        let fixture = LogFixture()
        let positions: [LogPosition]
        do {
            let (log, _) = try fixture.open()
            positions = try log.append((0..<5).map { event($0) }, at: instant(2026, 11))
        }
        let segment = fixture.path("2026-11.log")
        let damaged = Int(positions[2].offset) + RecordFrame.headerLength + 3
        Files.flipBit(segment, offset: damaged, bit: 0)
        let (log, report) = try fixture.open()
        #expect(try payloads(log) == [event(0), event(1), event(3), event(4)])
        let issue = try #require(report.issues.first)
        #expect(report.issues.count == 1)
        #expect(issue.kind == .damagedBytesSkipped)
        #expect(issue.path == segment)
        #expect(issue.offset == positions[2].offset)
        #expect(issue.length == positions[3].offset - positions[2].offset)
        #expect(issue.description.contains("\(segment): skipped"))
        #expect(issue.description.contains("at offset \(positions[2].offset)"))
        #expect(report.foundDamage)
        // The damaged bytes are left where they are: later appends go after them and everything still reads.
        try log.append([event(5)], at: instant(2026, 11, 2))
        #expect(try payloads(try fixture.open().0) == [0, 1, 3, 4, 5].map { event($0) })
    }

    @Test(arguments: [1, 40, 97, 1000])
    func aReaderReadingWindowsReadsWhatAReaderOfTheWholeSegmentReads(window: Int) throws {
        let fixture = LogFixture()
        let positions: [LogPosition]
        do {
            let (log, _) = try fixture.open()
            // Records of every size from 5 to 120 bytes, so they start and end at every place in a window.
            let payloads = (0..<120).map { Array(repeating: UInt8(ascii: "a") + UInt8($0 % 26), count: 5 + $0) }
            positions = try log.append(payloads, at: instant(2026, 11))
            try log.append([event(1)], at: instant(2026, 12))
        }
        // Damage that only the rest of the segment tells from a record: a flipped payload bit, and a length far
        // past the end.
        var bytes = Files.read(fixture.path("2026-11.log"))
        bytes[Int(positions[30].offset) + RecordFrame.headerLength + 2] ^= 1
        bytes[Int(positions[77].offset) + 7] = 0x7F
        Files.write(fixture.path("2026-11.log"), bytes)
        let (log, _) = try fixture.open()
        func records(window: Int) throws -> [LogRecord] {
            var reader = LogReader(segments: log.segments, from: positions[10], window: window)
            var records: [LogRecord] = []
            while let record = try reader.next() { records.append(record) }
            return records
        }
        let whole = try records(window: Int(LogFile.maximumSize))
        #expect(whole.count == 120 - 10 - 2 + 1)
        #expect(try records(window: window) == whole)
    }

    @Test func aCorruptLengthFieldDoesNotSwallowTheRecordsAfterIt() throws {
        let fixture = LogFixture()
        let positions: [LogPosition]
        do {
            let (log, _) = try fixture.open()
            positions = try log.append((0..<4).map { event($0) }, at: instant(2026, 11))
        }
        // A length that points far past the end of the file would look like a torn tail if it were trusted.
        var bytes = Files.read(fixture.path("2026-11.log"))
        bytes[Int(positions[1].offset) + 7] = 0x7F
        Files.write(fixture.path("2026-11.log"), bytes)
        let (log, report) = try fixture.open()
        #expect(try payloads(log) == [event(0), event(2), event(3)])
        #expect(report.issues.map(\.kind) == [.damagedBytesSkipped])
        #expect(report.issues.first?.reason == "a record header checksum mismatch")
    }
}
