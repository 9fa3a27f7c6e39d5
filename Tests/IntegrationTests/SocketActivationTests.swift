import FoundationEssentials
import Glibc
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
        let daemon = try DaemonProcess()
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

        #expect(daemon.stop() == .exited(0))
        // The socket belongs to systemd: paced must not remove it.
        #expect(try Syscall.lstat(daemon.socketPath)?.type == .socket)
    }
}
