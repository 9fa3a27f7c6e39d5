import FoundationEssentials
import Glibc
import PaceTestSupport
import Testing

/// The Syncthing harness itself: two real instances on loopback, introduced by device id, carry files both ways
/// and survive a kill -9 of either.
@Suite(.enabled(if: Syncthing.isAvailable, "needs Debian's syncthing"))
struct SyncthingHarnessTests {
    private func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func aFileWrittenOnOneSideAppearsOnTheOtherAndBack() throws {
        let scratch = TemporaryDirectory(prefix: "syncthing")
        defer { scratch.remove() }
        let (folderA, folderB) = (scratch.appending("a"), scratch.appending("b"))
        let (a, b) = try Syncthing.pair(in: scratch.path, sharing: "pace", at: (folderA, folderB))
        defer {
            a.stop()
            b.stop()
        }
        #expect(a.log.contains("127.0.0.1"), "\(a.log)")

        try FileManager.default.createDirectory(atPath: folderA + "/devices/a", withIntermediateDirectories: true)
        try Data("written on a\n".utf8).write(to: URL(filePath: folderA + "/devices/a/log"))
        try Syncthing.waitUntilInSync(a, b, folder: "pace")
        #expect(contents(folderB + "/devices/a/log") == "written on a\n")

        try FileManager.default.createDirectory(atPath: folderB + "/devices/b", withIntermediateDirectories: true)
        try Data("written on b\n".utf8).write(to: URL(filePath: folderB + "/devices/b/log"))
        try Syncthing.waitUntilInSync(a, b, folder: "pace")
        #expect(contents(folderA + "/devices/b/log") == "written on b\n")
        #expect(try a.status("pace").globalFiles == 2)
    }

    /// A Syncthing killed with SIGKILL comes back on the same home and catches up with what changed meanwhile.
    @Test func anInstanceKilledAndRestartedCatchesUp() throws {
        let scratch = TemporaryDirectory(prefix: "syncthing")
        defer { scratch.remove() }
        let (folderA, folderB) = (scratch.appending("a"), scratch.appending("b"))
        let (a, b) = try Syncthing.pair(in: scratch.path, sharing: "pace", at: (folderA, folderB))
        defer {
            a.stop()
            b.stop()
        }
        let pid = try #require(b.process?.pid)
        b.stop(signal: SIGKILL)
        #expect(b.process?.isRunning == false)
        #expect(kill(pid, 0) != 0)
        // Nothing of it is left (Syncthing's monitor would leave its child running): no process names its home.
        let survivors = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { entry in
            guard Int32(entry) != nil, let line = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else {
                return false
            }
            return String(decoding: line, as: UTF8.self).contains(b.home)
        }
        #expect(survivors.isEmpty, "\(survivors)")
        try Data("while b was down\n".utf8).write(to: URL(filePath: folderA + "/note"))
        try b.start()
        try b.waitUntilConnected(to: a)
        try Syncthing.waitUntilInSync(a, b, folder: "pace")
        #expect(contents(folderB + "/note") == "while b was down\n")
    }
}
