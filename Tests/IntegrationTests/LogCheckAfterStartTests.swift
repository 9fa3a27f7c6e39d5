import FoundationEssentials
import Glibc
import PaceCore
import PaceLog
import PaceTestSupport
import Testing

/// A start from a fitting snapshot reads only the log after the snapshot's position before `READY=1`; the records
/// the snapshot vouches for are checked once paced serves, and what that finds is reported as opening the log
/// reports it: in the journal (stderr here) and by `pace doctor`.
@Suite struct LogCheckAfterStartTests {
    /// A daemon whose log holds a month of January 2025 with 8.4 MB of records (more than paced checks before
    /// `READY=1` when a snapshot vouches for it: `EventLog.laterCheckMinimum`; not events, so replay skips them),
    /// then four check-ins, and that stopped (writing its snapshot).
    /// - Returns: The daemon, its log's first segment (January 2025) and its last.
    private func stoppedDaemon() throws -> (DaemonProcess, first: String, last: String) {
        // 16:00 by the daemon's clock, after the morning check-in prompt: the check-ins are the log's newest records.
        let daemon = try DaemonProcess(clockAtUTCHour: 16)
        let log = daemon.stateDirectory + "/log"
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: true)
        for directory in [daemon.root.appending("state"), daemon.stateDirectory, log] { chmod(directory, 0o700) }
        let (old, _) = try EventLog.open(directory: log)
        let january = Instant(rfc3339: "2025-01-15T12:00:00Z")!
        for _ in 0..<21 {
            try old.append(Array(repeating: Array(repeating: UInt8(ascii: "x"), count: 4000), count: 100), at: january)
        }
        try #require(old.endPosition.offset > Int64(EventLog.laterCheckMinimum))
        try daemon.start()
        for energy in 3...6 { #expect(try daemon.pace("checkin", "--energy", "\(energy)").status == 0) }
        #expect(daemon.stop() == .exited(0))
        let segments = try FileManager.default.contentsOfDirectory(atPath: log).filter { $0.hasSuffix(".log") }.sorted()
        try #require(segments.count == 2)
        return (daemon, log + "/" + segments[0], log + "/" + segments[1])
    }

    /// Waits until the daemon's stderr holds `text` (the check runs on a thread of its own after `READY=1`).
    private func waitForError(_ daemon: DaemonProcess, containing text: String) -> Bool {
        for _ in 0..<3000 {
            if daemon.process?.standardError.contains(text) == true { return true }
            usleep(10_000)
        }
        return false
    }

    @Test func damageBeforeTheSnapshotIsReportedAfterStartUp() throws {
        let (daemon, segment, _) = try stoppedDaemon()
        // A payload byte of the first record (a 32-byte segment header, a 24-byte record header).
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: segment)))
        bytes[32 + 24 + 5] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
        try daemon.start()
        let stderr = { daemon.process?.standardError ?? "" }
        let damage = "\(segment): skipped"
        // The start came from the snapshot, not from a replay of the log.
        #expect(stderr().contains("replayed 0 events after the snapshot"), "\(stderr())")
        #expect(waitForError(daemon, containing: damage), "\(stderr())")
        #expect(stderr().contains("a payload checksum mismatch"))
        // Found by the check after READY=1, not by opening the log.
        #expect(stderr().contains("bytes of records before the snapshot: 1 thing(s) found"), "\(stderr())")
        let doctor = try daemon.pace("doctor")
        #expect(doctor.standardOutput.contains(damage), "\(doctor.standardOutput)")
        // Reported once, and paced goes on recording.
        #expect(stderr().components(separatedBy: damage).count == 2)
        #expect(try daemon.pace("checkin", "--energy", "7").status == 0)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func aTornTailIsStillCutOffBeforeReady() throws {
        let (daemon, _, segment) = try stoppedDaemon()
        let whole = Array(try Data(contentsOf: URL(fileURLWithPath: segment)))
        // Half of a record header after the last record: an append a crash interrupted.
        try Data(whole + [0xFF, 0x50, 0x52, 0xFE, 1, 2, 3]).write(to: URL(fileURLWithPath: segment))
        try daemon.start()
        let stderr = daemon.process?.standardError ?? ""
        #expect(stderr.contains("\(segment): cut off an incomplete record at the end (7 bytes"), "\(stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: segment)[.size] as? Int == whole.count)
        #expect(try daemon.pace("checkin", "--energy", "7").status == 0)
        #expect(daemon.stop() == .exited(0))
        try daemon.start()
        #expect(try daemon.pace("doctor").standardOutput.contains(": 2105 records"))
        #expect(daemon.stop() == .exited(0))
    }
}
