import FoundationEssentials
import Glibc
import PaceCore
import PaceProtocol
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

/// `paced` started the way `paced.socket` starts it, through systemd's own `systemd-socket-activate`.
@Suite struct SocketActivationTests {
    static let tool = "/usr/bin/systemd-socket-activate"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: tool), "needs systemd's systemd-socket-activate"))
    func servesOnTheSocketSystemdPassesAndLeavesItToSystemd() throws {
        // Noon by the daemon's clock: the walks before it are today's whatever the time the test runs at.
        let daemon = try DaemonProcess(clockAtUTCHour: 12)
        try PrivateDirectory.prepare(daemon.root.appending("runtime/pace"), createParents: false)
        var arguments = ["--listen=\(daemon.socketPath)"]
        for (key, value) in daemon.environment { arguments.append("--setenv=\(key)=\(value)") }
        try daemon.start(executable: Self.tool, arguments: arguments + [Executables.path("paced")], waitForReady: false)
        // systemd-socket-activate binds, then execs paced on the first connection.
        let deadline = Monotonic.milliseconds() + 10_000
        while try UnixSocket.probe(daemon.socketPath) != .liveSocket && Monotonic.milliseconds() < deadline {
            usleep(10_000)
        }
        let result = try daemon.pace("--json")
        #expect(result.status == 0, "\(result.standardError)")
        let reply = try JSONDecoder().decode(PaceAPI.GetStatus.Reply.self, from: Data(result.standardOutput.utf8))
        // paced replaced systemd-socket-activate in the same process, as under systemd.
        #expect(reply.status.pid == Int(daemon.pid))
        let ready = daemon.notify.receive(until: "READY=1", timeoutMilliseconds: 30_000)
        #expect(ready.last?.contains("READY=1") == true)
        try Self.expectStatusFollowsWrites(daemon, notify: daemon.notify)

        #expect(daemon.stop() == .exited(0))
        // The socket belongs to systemd: paced must not remove it.
        #expect(try Syscall.lstat(daemon.socketPath)?.type == .socket)
    }

    /// `STATUS=` on the manager's socket after each write that changes its text, and only then: 10 minutes of
    /// walking (18 of the provisional 81 points) twice, a snooze between (no change of the line). The daemon's
    /// clock is at noon (``DaemonProcess/init(clockAtUTCHour:clockAt:layout:extraEnvironment:)``).
    static func expectStatusFollowsWrites(_ daemon: DaemonProcess, notify: NotifyListener) throws {
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        func call(_ message: String) throws {
            try client.send(message: message)
            let reply = try #require(client.receiveJSON(timeoutMilliseconds: 10_000))
            #expect(reply["error"] == nil, "\(reply)")
        }
        func walk(at hour: Int, _ minute: Int) throws {
            let start = Instant(millisecondsSinceEpoch: TestClock.todayUTC(hour: hour) + Int64(minute) * 60_000)
            try call(
                #"{"method":"io.pace.Daemon.LogActivity","parameters":{"kind":"walk","startedAt":"\#(start.rfc3339)","#
                    + #""durationSeconds":600,"intensity":"moderate"}}"#)
        }
        try walk(at: 10, 0)
        #expect(notify.receive(timeoutMilliseconds: 10_000) == "STATUS=63 of 81 points left (calibrating)")
        try call(#"{"method":"io.pace.Daemon.Snooze","parameters":{"durationSeconds":300}}"#)
        try walk(at: 11, 0)
        // The snooze left the line as it was: the next datagram is the second walk's.
        #expect(notify.receive(timeoutMilliseconds: 10_000) == "STATUS=45 of 81 points left (calibrating)")
    }
}
