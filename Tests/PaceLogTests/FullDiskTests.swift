import Glibc
import PaceCore
import PaceSystem
import PaceTestSupport
import Testing

@testable import PaceLog

/// Real ENOSPC and EROFS, on a tmpfs each test mounts for itself.
@Suite(.enabled(if: ScratchMount.isAvailable, "needs root (CAP_SYS_ADMIN) to mount a tmpfs"))
struct FullDiskTests {
    /// The mounted file system.
    static func scratch() throws -> ScratchMount {
        try ScratchMount.mount(kibibytes: 512).get()
    }

    /// Fills the file system with a file at `path`.
    static func fill(_ path: String) {
        // Close-on-exec: a child another test spawns meanwhile must not keep the file (and its space) after the unlink.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x7A, count: 4096)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, 1) }) > 0 {}
    }

    @Test func aFullDiskFailsTheAppendCleanlyAndAppendsWorkAgainOnceThereIsRoom() throws {
        let mount = try Self.scratch()
        let directory = mount.path + "/state/log"
        let (log, _) = try EventLog.open(directory: directory)
        try log.append([event(1), event(2), event(3)], at: instant(2026, 11))
        try log.writeSnapshot([1, 2, 3], at: log.endPosition)
        let segment = directory + "/2026-11.log"
        let end = Files.size(segment)
        let filler = mount.path + "/filler"
        Self.fill(filler)

        // Part of the batch fits in the segment's last page, the rest does not: a short write, then ENOSPC.
        let large = [UInt8](repeating: 0x61, count: 20_000)
        do {
            try log.append([event(4), large], at: instant(2026, 11, 2))
            Issue.record("an append to a full disk succeeded")
        } catch {
            #expect(error.code == .diskFull)
            #expect(error.description.contains("the disk is full"))
            #expect(error.description.contains(segment))
            #expect(error.description.contains("nothing was recorded"))
            #expect(error.description.contains("Free some space and try again"))
        }
        #expect(Files.size(segment) == end)
        #expect(try payloads(log) == [event(1), event(2), event(3)])

        // A new month's segment cannot be created either, and nothing of it is left behind.
        #expect {
            try log.append([event(4)], at: instant(2026, 12, 1))
        } throws: { ($0 as? LogError)?.code == .diskFull }
        #expect(try Syscall.directoryEntries(directory).sorted() == ["2026-11.log", "snapshot"])

        // Nor a snapshot; the old one stays.
        #expect {
            try log.writeSnapshot([UInt8](repeating: 1, count: 100_000), at: log.endPosition)
        } throws: { ($0 as? LogError)?.description.contains("the previous snapshot is kept") == true }
        #expect(try Syscall.directoryEntries(directory).sorted() == ["2026-11.log", "snapshot"])

        // Room again: the same open log appends, without a restart.
        try Syscall.unlink(filler)
        try log.append([event(4), large], at: instant(2026, 11, 2))
        try log.append([event(5)], at: instant(2026, 12, 1))
        let (reopened, report) = try EventLog.open(directory: directory)
        #expect(report.isClean)
        #expect(try payloads(reopened) == [event(1), event(2), event(3), event(4), large, event(5)])
        guard case .found(let snapshot) = reopened.latestSnapshot() else {
            Issue.record("the snapshot from before the disk filled up is gone")
            return
        }
        #expect(snapshot.bytes == [1, 2, 3])
    }

    @Test func aReadOnlyFileSystemFailsAppendsUntilItIsWritableAgain() throws {
        let mount = try Self.scratch()
        let directory = mount.path + "/state/log"
        do {
            let (log, _) = try EventLog.open(directory: directory)
            try log.append([event(1), event(2)], at: instant(2026, 11))
        }
        // A torn tail that recovery will not be able to cut off while the file system is read-only.
        let segment = directory + "/2026-11.log"
        Files.write(segment, Files.read(segment) + RecordFrame.marker + [9, 0, 0])
        try #require(mount.remount(readOnly: true), "remount read-only: \(String(cString: strerror(errno)))")

        let (log, report) = try EventLog.open(directory: directory)
        #expect(report.issues.map(\.kind) == [.tornTailKept])
        #expect(report.issues.first?.reason.contains("cutting it off failed") == true)
        #expect(try payloads(log) == [event(1), event(2)])
        do {
            try log.append([event(3)], at: instant(2026, 11, 3))
            Issue.record("an append to a read-only file system succeeded")
        } catch {
            #expect(error.code == .readOnlyFileSystem)
            #expect(error.description.contains("the file system is read-only"))
            #expect(error.description.contains("nothing was recorded"))
            #expect(error.description.contains("Remount it read-write"))
        }
        #expect(try payloads(log) == [event(1), event(2)])

        try #require(mount.remount(readOnly: false), "remount read-write: \(String(cString: strerror(errno)))")
        try log.append([event(3)], at: instant(2026, 11, 3))
        let (reopened, again) = try EventLog.open(directory: directory)
        #expect(again.isClean)
        #expect(try payloads(reopened) == [event(1), event(2), event(3)])
    }
}
