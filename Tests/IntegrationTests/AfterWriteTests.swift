import Foundation
import Glibc
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// What follows an acknowledged write. The reply goes out as soon as the event is durable and applied; the `Watch`
/// status, the reminder decision and `STATUS=` come after it, in a work item of their own — but they must come,
/// and nothing may be acknowledged that is not in the log.
@Suite struct AfterWriteTests {
    static func logActivity(startedAt: Instant, minutes: Int) -> String {
        #"{"method":"io.pace.Daemon.LogActivity","parameters":{"kind":"walk","startedAt":"\#(startedAt.rfc3339)","#
            + #""durationSeconds":\#(minutes * 60),"intensity":"moderate"}}"#
    }

    @Test func aWriteIsFollowedByTheWatchStatusAndStatusNotification() throws {
        // Noon by the daemon's clock: the walk an hour before is today's whatever the time the test runs at.
        let daemon = try DaemonProcess(clockAtUTCHour: 12)
        try daemon.start()
        let ready = try #require(daemon.notifications.last)
        #expect(ready.contains("STATUS=81 of 81 points left (calibrating)"))
        let watch = try RawVarlinkSocket(path: daemon.socketPath)
        try watch.send(message: #"{"method":"io.pace.Daemon.Watch","more":true}"#)
        let first = try #require(watch.receiveJSON(timeoutMilliseconds: 10_000))
        #expect((first["parameters"] as? [String: Any])?["status"] != nil)

        // 20 minutes of walking an hour ago: 36 of the provisional 81 points.
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        let elevenOClock = Instant(millisecondsSinceEpoch: TestClock.todayUTC(hour: 11))
        try client.send(message: Self.logActivity(startedAt: elevenOClock, minutes: 20))
        let reply = try #require(client.receiveJSON(timeoutMilliseconds: 10_000))
        #expect(reply["error"] == nil, "\(reply)")
        let replied = try #require((reply["parameters"] as? [String: Any])?["status"] as? [String: Any])
        let used = try #require(replied["used"] as? Double)
        #expect(abs(used - 36) < 0.01)

        let update = try #require(watch.receiveJSON(timeoutMilliseconds: 10_000), "no Watch update after the write")
        let watched = try #require((update["parameters"] as? [String: Any])?["status"] as? [String: Any])
        #expect(watched["used"] as? Double == used)
        #expect(update["continues"] as? Bool == true)

        var notified: [String] = []
        while let message = daemon.notify.receive(timeoutMilliseconds: 10_000) {
            notified.append(message)
            if message.contains("STATUS=") { break }
        }
        #expect(notified.last?.contains("STATUS=45 of 81 points left (calibrating)") == true, "\(notified)")
        #expect(daemon.stop() == .exited(0))
    }

    /// A bout started eleven minutes ago with ten-minute bouts is over its limit the moment it is recorded: the
    /// reminder comes from the decision that follows the write, with no timer and no clock change to prompt it.
    @Test func aReminderDecisionFollowsAWrite() throws {
        let rig = try ReminderRig(desktop: [])
        // Once the desktop is known to be missing, the driver has decided: nothing is due.
        try rig.advance(minutes: 1)
        let watcher = try WatchSubscription(rig)
        #expect(watcher.nextReminder(timeoutMilliseconds: 300) == nil)
        let startedAt = try rig.now().adding(seconds: -11 * 60)
        try rig.call(PaceAPI.StartActivity.self, .init(kind: "walk", startedAt: startedAt.rfc3339))
        let reminder = try #require(watcher.nextReminder(), "\(rig.standardError)")
        #expect(reminder["kind"] as? String == "bout")
        #expect(try rig.shownReminders().count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Runs `body` with a daemon whose state lives on a small tmpfs that is full but for the rest of the log
    /// segment's last page.
    static func withFullFileSystem(_ body: (DaemonProcess) throws -> Void) throws {
        let parent = TemporaryDirectory(prefix: "pace-full")
        defer { parent.remove() }
        let mountPoint = parent.appending("fs")
        mkdir(mountPoint, 0o700)
        // Root (or CAP_SYS_ADMIN) mounts a small tmpfs; `make test` runs as root, like the log's full-disk tests.
        try #require(
            mount("tmpfs", mountPoint, "tmpfs", 0, "size=256k,mode=0700") == 0,
            "cannot mount a tmpfs (\(String(cString: strerror(errno)))); this test needs root")
        defer { umount2(mountPoint, Int32(MNT_DETACH)) }

        // 16:00 by the daemon's clock: after the morning check-in prompt (09:00 to 15:00), so the log holds only
        // the walks, and the walks (``walk(_:)``, before 15:00) are today's whatever the time the test runs at.
        let daemon = try DaemonProcess(clockAtUTCHour: 16, extraEnvironment: ["XDG_STATE_HOME": mountPoint])
        try daemon.start()
        // Fill the file system: the log's segment can still grow into the rest of its last page, then no more.
        let filler = open(mountPoint + "/filler", O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        try #require(filler >= 0)
        let chunk = [UInt8](repeating: 0x61, count: 4096)
        while chunk.withUnsafeBytes({ write(filler, $0.baseAddress, $0.count) }) > 0 {}
        close(filler)
        try body(daemon)
        #expect(daemon.stop(signal: SIGKILL) != nil)
    }

    /// Walk `index` of a full-disk test: one minute ending `index` minutes before 15:00 by the daemon's clock. Each
    /// covers minutes of its own (bouts that cover the same minutes count them once), so each acknowledged walk adds
    /// its 1.8 points.
    static func walk(_ index: Int) -> String {
        let fifteen = TestClock.todayUTC(hour: 15)
        return logActivity(
            startedAt: Instant(millisecondsSinceEpoch: fifteen - Int64(index + 1) * 60_000), minutes: 1)
    }

    /// What paced acknowledged is exactly what its log holds and what its status counts (one point and 0.8 for
    /// each minute of walking acknowledged).
    static func expectLogHolds(acknowledged: Int, _ daemon: DaemonProcess) throws {
        let events = try PaceClient(socketPath: daemon.socketPath).call(PaceAPI.GetEvents.self, .init()).events
        #expect(events.count == acknowledged)
        let status = try PaceClient(socketPath: daemon.socketPath).call(PaceAPI.GetStatus.self, NoParameters()).status
        #expect(abs(status.used - Double(acknowledged) * 1.8) < 0.01)
    }

    /// On a full file system appends fail. Every call answered with success has its event in the log; the one
    /// whose append failed is answered `LogUnavailable`, and changes nothing.
    @Test func noWriteIsAcknowledgedWhoseAppendFailed() throws {
        try Self.withFullFileSystem { daemon in
            let client = try RawVarlinkSocket(path: daemon.socketPath)
            var acknowledged = 0
            var refused: [String: Any]?
            for index in 0..<100 {
                try client.send(message: Self.walk(index))
                let reply = try #require(client.receiveJSON(timeoutMilliseconds: 10_000))
                if reply["error"] != nil {
                    refused = reply
                    break
                }
                acknowledged += 1
            }
            let refusal = try #require(refused, "no append failed on a full file system")
            #expect(refusal["error"] as? String == "io.pace.Daemon.LogUnavailable")
            try Self.expectLogHolds(acknowledged: acknowledged, daemon)
        }
    }

    /// The same with calls sent together, so that they are answered in groups that share one append and one
    /// `fdatasync`: a group that cannot be written fails as a whole — every call in it is answered
    /// `LogUnavailable` and the state goes back to before it — so still nothing is acknowledged that the log does
    /// not hold, and nothing is counted that was refused.
    @Test func noCallOfAGroupIsAcknowledgedWhenTheGroupFails() throws {
        try Self.withFullFileSystem { daemon in
            let client = try RawVarlinkSocket(path: daemon.socketPath)
            let count = 200
            try client.send(bytes: Array((0..<count).map { Array(Self.walk($0).utf8) + [0] }.joined()))
            var acknowledged = 0
            var refused = 0
            for _ in 0..<count {
                let reply = try #require(client.receiveJSON(timeoutMilliseconds: 30_000))
                if let error = reply["error"] as? String {
                    #expect(error == "io.pace.Daemon.LogUnavailable")
                    refused += 1
                } else {
                    acknowledged += 1
                }
            }
            #expect(refused > 0, "no append failed on a full file system")
            try Self.expectLogHolds(acknowledged: acknowledged, daemon)
        }
    }
}
