import FoundationEssentials
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport
import PropertyBased
import SystemPackage
import Testing

/// Heart-rate minutes on disk: 16-byte records with a checksum, a file a month, torn tails cut, damage skipped.
@Suite struct HeartRateStreamTests {
    /// 2026-11-30T23:58Z, two minutes before a month ends.
    static let lateNovember = Int64(1_796_083_080 / 60)

    static func minute(_ number: Int64, rate: Int = 72) -> HeartRateMinute {
        HeartRateMinute(
            minute: number, minimum: rate - 3, maximum: rate + 4, mean: rate, samples: 60, samplesAbove: 0,
            contactLost: 0, threshold: 110)
    }

    @Test func minutesAreKeptAcrossMonthsAndReadBack() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let stream = HeartRateStream(stateDirectory: root.path)
        let minutes = (0..<5).map { Self.minute(Self.lateNovember + Int64($0), rate: 70 + $0) }
        for minute in minutes { try stream.append(minute) }
        #expect(stream.minutes(from: 0, through: Int64.max / 2) == minutes)
        // Months compare as months, not as text: year 10136 comes after 2026.
        #expect(stream.minutes(from: 0, through: Int64(UInt32.max)) == minutes)
        #expect(stream.minutes(from: Self.lateNovember + 2, through: Self.lateNovember + 3) == Array(minutes[2...3]))
        let files = try Syscall.directoryEntries(stream.directory).sorted()
        #expect(files == ["2026-11.hrm", "2026-12.hrm"])
        // Private like the log, whatever the umask.
        #expect(try Syscall.lstat(stream.directory).map { $0.permissions.rawValue & 0o777 } == 0o700)
        #expect(try Syscall.lstat(stream.directory + "/2026-12.hrm").map { $0.permissions.rawValue & 0o777 } == 0o600)
        // Another stream over the same directory (the daemon restarted) appends after them.
        let again = HeartRateStream(stateDirectory: root.path)
        try again.append(Self.minute(Self.lateNovember + 5))
        #expect(again.minutes(from: 0, through: Int64.max / 2).count == 6)
    }

    @Test func minutesAppendedAtOnceGoToTheirMonthsAsOneByOne() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let minutes = (0..<5).map { Self.minute(Self.lateNovember + Int64($0), rate: 70 + $0) }
        for name in ["batch", "single"] { _ = try Syscall.mkdir(root.path + "/" + name, [.ownerReadWriteExecute]) }
        let batch = HeartRateStream(stateDirectory: root.path + "/batch")
        try batch.append(contentsOf: Array(minutes[0..<1]))
        try batch.append(contentsOf: Array(minutes[1...]))
        try batch.append(contentsOf: [])
        let single = HeartRateStream(stateDirectory: root.path + "/single")
        for minute in minutes { try single.append(minute) }
        #expect(batch.minutes(from: 0, through: Int64.max / 2) == minutes)
        #expect(try Syscall.directoryEntries(batch.directory).sorted() == ["2026-11.hrm", "2026-12.hrm"])
        for month in ["2026-11.hrm", "2026-12.hrm"] {
            #expect(
                try Data(contentsOf: URL(filePath: batch.directory + "/" + month))
                    == Data(contentsOf: URL(filePath: single.directory + "/" + month)))
        }
    }

    @Test func recentMinutesReadOnlyTheirPartOfEachMonth() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let stream = HeartRateStream(stateDirectory: root.path)
        // Two hours either side of the month's end, a gap of ten minutes in them.
        let minutes = (-120..<120).filter { !(30..<40).contains($0) }.map {
            Self.minute(Self.lateNovember + 2 + Int64($0))
        }
        try stream.append(contentsOf: minutes)
        for (first, last) in [(-200, 200), (-120, -120), (-1, 0), (25, 45), (35, 38), (119, 300), (-500, -121), (5, 4)]
        {
            let from = Self.lateNovember + 2 + Int64(first)
            let through = Self.lateNovember + 2 + Int64(last)
            #expect(stream.recentMinutes(from: from, through: through) == stream.minutes(from: from, through: through))
        }
        #expect(stream.recentMinutes(from: Self.lateNovember - 60, through: Self.lateNovember + 61).count == 112)
    }

    @Test func aDamagedRecordWhereTheSearchLooksLeavesNoMinuteOfTheWindowOut() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let stream = HeartRateStream(stateDirectory: root.path)
        let december = Self.lateNovember + 2
        try stream.append(contentsOf: (0..<100).map { Self.minute(december + Int64($0)) })
        // The search's first look is record 50: damaged, it must not count as before the window's start (20).
        let file = try FileDescriptor.open(stream.directory + "/2026-12.hrm", .readWrite)
        defer { try? file.close() }
        let offset = Int64(50 * HeartRateStream.recordSize + 3)
        var byte: UInt8 = 0
        _ = try withUnsafeMutableBytes(of: &byte) { try file.read(fromAbsoluteOffset: offset, into: $0) }
        byte ^= 0xFF
        _ = try withUnsafeBytes(of: &byte) { try file.write(toAbsoluteOffset: offset, $0) }
        let recent = stream.recentMinutes(from: december + 20, through: december + 99)
        #expect(recent.count == 79)
        #expect(recent == stream.minutes(from: december + 20, through: december + 99))
    }

    @Test func aTornLastRecordIsCutOffAndADamagedOneSkipped() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let stream = HeartRateStream(stateDirectory: root.path)
        for offset in 0..<3 { try stream.append(Self.minute(Self.lateNovember + 10 + Int64(offset))) }
        let path = stream.directory + "/2026-12.hrm"
        var bytes = [UInt8](try Data(contentsOf: URL(filePath: path)))
        #expect(bytes.count == 3 * HeartRateStream.recordSize)
        bytes[HeartRateStream.recordSize + 5] ^= 0xFF  // the second record's maximum
        bytes += [1, 2, 3, 4, 5]  // half a record: a crash mid-append
        try Data(bytes).write(to: URL(filePath: path))

        let reopened = HeartRateStream(stateDirectory: root.path)
        #expect(
            reopened.minutes(from: 0, through: Int64.max / 2).map(\.minute) == [10, 12].map { Self.lateNovember + $0 })
        try reopened.append(Self.minute(Self.lateNovember + 13))
        #expect(
            reopened.minutes(from: 0, through: Int64.max / 2).map(\.minute)
                == [10, 12, 13].map { Self.lateNovember + $0 })
        #expect(try Data(contentsOf: URL(filePath: path)).count == 4 * HeartRateStream.recordSize)
    }

    @Test func pruningKeepsTheLastMonths() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let stream = HeartRateStream(stateDirectory: root.path)
        // One minute in each of 15 months, from 2025-10 to 2026-12.
        for month in 0..<15 {
            let date = CivilDate(year: 2025 + (9 + month) / 12, month: (9 + month) % 12 + 1, day: 3)
            try stream.append(Self.minute(date.daysSinceEpoch * 1440))
        }
        stream.prune(keepingMonths: 13, now: Instant(rfc3339: "2026-12-07T10:00:00Z")!)
        let files = try Syscall.directoryEntries(stream.directory).sorted()
        #expect(files.count == 13)
        #expect(files.first == "2025-12.hrm")
        #expect(files.last == "2026-12.hrm")
    }

    /// Every minute a record can hold reads back as written, and a flipped bit anywhere is noticed.
    @Test func recordsRoundTripAndDamageIsNoticed() async {
        let minutes = zip(
            Gen<Int>.int(in: 0...Int(UInt32.max)), Gen<Int>.int(in: 20...250), Gen<Int>.int(in: 0...255),
            Gen<Int>.int(in: 0...255), Gen<Int>.int(in: 0...127)
        )
        await propertyCheck(count: 300, input: zip(minutes, Gen<Int>.int(in: 0...127))) { drawn, flip in
            let (number, rate, samples, above, bit) = drawn
            let minute = HeartRateMinute(
                minute: Int64(number), minimum: rate, maximum: rate, mean: rate, samples: samples,
                samplesAbove: above, contactLost: bit % 60, threshold: 110)
            let bytes = HeartRateStream.encode(minute)
            #expect(bytes.count == HeartRateStream.recordSize)
            #expect(HeartRateStream.decode(bytes) == minute)
            var damaged = bytes
            damaged[flip / 8] ^= UInt8(1 << (flip % 8))
            #expect(HeartRateStream.decode(damaged) == nil)
        }
    }
}

/// The minute's sync runs in the background (Linux AIO): a sync that fails after the write went through is told at
/// ``HeartRateStream/settle(waiting:)`` or the next append, and its minute is cut off again, as a failed append's.
@Suite(
    .enabled(if: BackgroundDataSync.isAvailable, "needs Linux AIO (io_setup)"),
    .enabled(if: FailingSyncMount.isAvailable, "needs root, /dev/fuse and python3-fusepy"))
struct HeartRateStreamSyncTests {
    static func minute(_ offset: Int64) -> HeartRateMinute {
        HeartRateStreamTests.minute(HeartRateStreamTests.lateNovember + 10 + offset, rate: 70 + Int(offset))
    }

    /// What is really on the disk: the month's file in the directory the mount passes through to.
    static func kept(_ mount: FailingSyncMount) -> [HeartRateMinute] {
        HeartRateStream(stateDirectory: mount.backing).minutes(from: 0, through: Int64.max / 2)
    }

    @Test func aSyncThatFailsInTheBackgroundIsToldAndItsMinuteCutOff() throws {
        let mount = try FailingSyncMount.start()
        let stream = HeartRateStream(stateDirectory: mount.path)
        try stream.append(Self.minute(0))
        // The sync is left to the kernel: the append returned before it was done, or at least before it was asked.
        #expect(stream.isSettling)
        #expect(try stream.settle(waiting: true))
        #expect(!stream.isSettling)

        mount.failsSyncs = true
        try stream.append(Self.minute(1))
        #expect(Self.kept(mount) == [Self.minute(0), Self.minute(1)])
        let failure = #expect(throws: SystemError.self) { try stream.settle(waiting: true) }
        #expect(failure?.errno == .ioError)
        #expect(failure?.call == "fdatasync")
        #expect(Self.kept(mount) == [Self.minute(0)])

        // A failure not collected yet is the next append's: that minute is not written, the failed one is cut off.
        try stream.append(Self.minute(2))
        let next = #expect(throws: SystemError.self) { try stream.append(Self.minute(3)) }
        #expect(next?.errno == .ioError)
        #expect(Self.kept(mount) == [Self.minute(0)])

        // The disk writes again: appends go on from the last good minute, on a record boundary.
        mount.failsSyncs = false
        try stream.append(Self.minute(4))
        #expect(try stream.settle(waiting: true))
        #expect(Self.kept(mount) == [Self.minute(0), Self.minute(4)])
        #expect(stream.minutes(from: 0, through: Int64.max / 2) == [Self.minute(0), Self.minute(4)])
    }
}
