import Foundation
import Glibc
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// Issue 18 with the real thing: two paceds with separate state directories, each with its own Syncthing (Debian's
/// package, loopback only) carrying the sync folder to the other. Events written on both, and kill -9 of either
/// paced and either Syncthing while changes are on their way, end in one record: every event on both devices,
/// each once, and the same GetHistory and ExplainBudget at one "now" (both daemons' test clocks on one offset).
@Suite(.serialized, .enabled(if: Syncthing.isAvailable, "needs Debian's syncthing"))
struct SyncthingEndToEndTests {
    /// Every event id in `daemon`'s log, as many times as the log holds it (`paced --dump-log`).
    private func loggedIDs(_ daemon: DaemonProcess) throws -> [String] {
        struct Logged: Decodable { var id: String? }
        let result = try Executables.run("paced", ["--dump-log"], environment: daemon.environment)
        guard result.status == 0 else { throw TestFailure("paced --dump-log: \(result.standardError)") }
        return try result.standardOutput.split(separator: "\n").compactMap {
            try JSONDecoder().decode(Logged.self, from: Data($0.utf8)).id
        }
    }

    /// Logs `count` 5-minute walks on `daemon`, from `hour`:00 on, ten minutes apart.
    private func logWalks(_ daemon: DaemonProcess, _ count: Int, from hour: Int, startingAt first: Int = 0) throws {
        for index in first..<first + count {
            let time = String(format: "%02d:%02d", hour + index / 6, index % 6 * 10)
            let result = try daemon.pace("log", "walk", "5m", "--at", time)
            guard result.status == 0 else {
                throw TestFailure("pace log walk 5m --at \(time): \(result.standardError)")
            }
        }
    }

    @Test func twoPacedsOverTwoSyncthingsKeepOneRecordThroughKills() throws {
        let scratch = TemporaryDirectory(prefix: "pace-st")
        defer { scratch.remove() }
        let (folderA, folderB) = (scratch.appending("laptop-sync"), scratch.appending("desktop-sync"))
        let (syncA, syncB) = try Syncthing.pair(in: scratch.path, sharing: "pace", at: (folderA, folderB))
        defer {
            syncA.stop()
            syncB.stop()
        }
        let laptop = try SyncFolderTests.daemon(folder: folderA, name: "laptop")
        let desktop = try SyncFolderTests.daemon(
            folder: folderB, name: "desktop", clockOffset: laptop.clock?.offsetMilliseconds)
        try laptop.start()
        try desktop.start()
        defer {
            laptop.stop()
            desktop.stop()
        }
        func converged(_ total: Int) -> Bool {
            (try? SyncFolderTests.ids(laptop).count) == total && (try? SyncFolderTests.ids(desktop).count) == total
        }

        // Events on both, carried by Syncthing.
        try logWalks(laptop, 3, from: 5)
        try logWalks(desktop, 3, from: 8)
        try Syncthing.waitUntilInSync(syncA, syncB, folder: "pace")
        #expect(waitUntil(timeoutMilliseconds: 30_000) { converged(6) })

        // The desktop's Syncthing is killed while the laptop's new events are on their way, and comes back.
        try logWalks(laptop, 3, from: 5, startingAt: 3)
        syncB.stop(signal: SIGKILL)
        try logWalks(laptop, 2, from: 5, startingAt: 6)
        try syncB.start()
        try syncB.waitUntilConnected(to: syncA)

        // The laptop's paced is killed right after recording (its folder copy may lag its log), and the laptop's
        // Syncthing while the desktop's events are on their way.
        try logWalks(desktop, 2, from: 8, startingAt: 3)
        laptop.stop(signal: SIGKILL)
        syncA.stop(signal: SIGKILL)
        try logWalks(desktop, 2, from: 8, startingAt: 5)
        try syncA.start()
        try laptop.start()
        try syncA.waitUntilConnected(to: syncB)

        // The desktop's paced is killed while the laptop's events arrive in its folder, and restarted.
        try logWalks(laptop, 2, from: 5, startingAt: 8)
        desktop.stop(signal: SIGKILL)
        try Syncthing.waitUntilInSync(syncA, syncB, folder: "pace")
        try desktop.start()

        // Nothing lost: all 17 on both; nothing counted twice: each id once in each log.
        try Syncthing.waitUntilInSync(syncA, syncB, folder: "pace")
        #expect(waitUntil(timeoutMilliseconds: 30_000) { converged(17) }, "\(laptop.process?.standardError ?? "")")
        #expect(try SyncFolderTests.ids(laptop) == SyncFolderTests.ids(desktop))
        for daemon in [laptop, desktop] {
            let logged = try loggedIDs(daemon)
            #expect(logged.count == 17)
            #expect(Set(logged).count == logged.count)
        }
        // No conflict copies: each device only ever wrote its own folder.
        let names = try [folderA, folderB].flatMap { try FileManager.default.subpathsOfDirectory(atPath: $0) }
        #expect(!names.contains { $0.contains(".sync-conflict-") }, "\(names)")
        #expect(try SyncFolderTests.answers(laptop) == SyncFolderTests.answers(desktop))
    }
}
