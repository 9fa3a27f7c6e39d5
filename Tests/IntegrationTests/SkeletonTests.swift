import FoundationEssentials
import Glibc
import PaceProtocol
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

/// The daemon and the CLI, as built, talking over a real socket in a private XDG environment.
@Suite struct DaemonLifecycleTests {
    @Test func paceStatusShowsTheRunningDaemon() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let plain = try daemon.pace()
        let status = try daemon.pace("status", "--verbose")
        #expect(plain.status == 0)
        #expect(status.status == 0)
        // Plain `pace` is the one status line; --verbose adds the daemon's own lines.
        #expect(plain.standardOutput.split(separator: "\n").count == 1)
        #expect(status.standardOutput.contains("Pace is running (paced \(ProductInfo.version), pid \(daemon.pid)"))
        #expect(status.standardOutput.contains("state in \(daemon.stateDirectory)"))
        #expect(status.standardError.isEmpty)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func paceStatusJSONIsTheReply() throws {
        let daemon = try DaemonProcess(clockAtUTCHour: 12)
        try daemon.start()
        for arguments in [["status", "--json"], ["--json"]] {
            let result = try Executables.run("pace", arguments, environment: daemon.environment)
            #expect(result.status == 0)
            let reply = try JSONDecoder().decode(PaceAPI.GetStatus.Reply.self, from: Data(result.standardOutput.utf8))
            #expect(reply.status.pid == Int(daemon.pid))
            #expect(reply.status.version == ProductInfo.version)
            #expect(reply.status.stateDirectory == daemon.stateDirectory)
            #expect(reply.status.dayStartHour == 4)
            // TZ=UTC, noon by the daemon's clock: the pacing day is the date the clock was set on.
            #expect(reply.status.pacingDay == gmtDate(TestClock.todayUTC(hour: 12) / 1000))
        }
        #expect(daemon.stop() == .exited(0))
    }

    @Test func readyIsSentThroughNotifySocket() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let ready = try #require(daemon.notifications.last)
        #expect(ready.split(separator: "\n").contains("READY=1"))
        // A fresh log: the provisional budget of 45 min of walking (81 points), nothing used.
        #expect(ready.contains("STATUS=81 of 81 points left (calibrating)"))
        #expect(daemon.stop() == .exited(0))
        let stopping = daemon.notify.receive(until: "STOPPING=1", timeoutMilliseconds: 30_000)
        #expect(stopping.last?.contains("STOPPING=1") == true)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalStopsCleanlyAndRemovesTheSocket(signal: Int32) throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        #expect(FileManager.default.fileExists(atPath: daemon.socketPath))
        #expect(daemon.stop(signal: signal) == .exited(0))
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    }

    @Test func stopWaitsForAReplyAlreadyAskedFor() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        // A client that sent its call and reads the reply only after SIGTERM still gets the whole reply.
        let client = try UnixSocket.connect(to: daemon.socketPath)
        defer { try? client.close() }
        let call = Array(#"{"method":"io.pace.Daemon.GetStatus"}"#.utf8) + [0]
        _ = try call.withUnsafeBytes { try UnixSocket.send(client, $0) }
        // The daemon has the call once its reply starts to arrive; the test reads it only after SIGTERM.
        var poller = pollfd(fd: client.rawValue, events: Int16(POLLIN), revents: 0)
        try #require(poll(&poller, 1, 30_000) == 1, "no reply within 30 s")
        kill(daemon.pid, SIGTERM)
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(client.rawValue, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            reply += chunk[..<count]
        }
        #expect(reply.last == 0)
        #expect(String(decoding: reply.dropLast(), as: UTF8.self).contains("\"pid\":\(daemon.pid)"))
        #expect(daemon.process?.wait(timeoutMilliseconds: 30_000) == .exited(0))
    }

    @Test func secondDaemonIsRefusedWithTheLockNamed() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let second = try Executables.run("paced", [], environment: daemon.environment)
        #expect(second.status == 75)
        let lines = second.standardError.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(second.standardError.contains("\(daemon.stateDirectory)/paced.lock"))
        #expect(second.standardError.contains("pid \(daemon.pid)"))
        // The first daemon is untouched and still serving.
        #expect(try daemon.pace().status == 0)
        #expect(daemon.stop() == .exited(0))
    }
}

@Suite struct ClientWithoutDaemonTests {
    @Test func paceSaysTheDaemonIsDownAndExits69() throws {
        let environment = try DaemonProcess().environment
        for arguments in [[], ["status"], ["status", "--json"]] {
            let result = try Executables.run("pace", arguments, environment: environment)
            #expect(result.status == 69)
            #expect(result.standardOutput.isEmpty)
            let lines = result.standardError.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(result.standardError.contains("paced is not running"))
            #expect(result.standardError.contains("systemctl --user start paced.socket"))
            #expect(result.standardError.contains("make run"))
        }
    }

    @Test func socketCanBeChosenByFlagOrEnvironment() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        var environment = daemon.environment
        environment["XDG_RUNTIME_DIR"] = "/nonexistent"
        let unset = try Executables.run("pace", [], environment: environment)
        #expect(unset.status == 69)
        #expect(unset.standardError.contains("/nonexistent/pace/pace.sock"))
        let flag = try Executables.run("pace", ["--socket", daemon.socketPath], environment: environment)
        #expect(flag.status == 0)
        environment["PACE_SOCKET"] = daemon.socketPath
        #expect(try Executables.run("pace", ["status"], environment: environment).status == 0)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func versionAndHelp() throws {
        let environment = try DaemonProcess().environment
        for name in ["pace", "paced"] {
            let version = try Executables.run(name, ["--version"], environment: environment)
            #expect(version.status == 0)
            #expect(version.standardOutput == ProductInfo.version + "\n")
            let help = try Executables.run(name, ["--help"], environment: environment)
            #expect(help.status == 0)
            #expect(help.standardOutput.contains("USAGE: \(name)"))
        }
        let bad = try Executables.run("pace", ["--no-such-flag"], environment: environment)
        #expect(bad.status == 64)
    }
}

@Suite struct SocketPlacementTests {
    @Test func staleSocketFromACrashedRunIsReplaced() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        // SIGKILL leaves the socket file behind, as a crash would.
        #expect(daemon.stop(signal: SIGKILL) == .signalled(SIGKILL))
        #expect(FileManager.default.fileExists(atPath: daemon.socketPath))
        #expect(try UnixSocket.probe(daemon.socketPath) == .staleSocket)
        try daemon.start()
        #expect(try daemon.pace().status == 0)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func liveSocketOfAnotherProcessIsNotStolen() throws {
        let daemon = try DaemonProcess()
        try PrivateDirectory.prepare(daemon.root.appending("runtime/pace"), createParents: false)
        let squatter = try UnixSocket.listen(at: daemon.socketPath)
        defer { try? squatter.close() }
        let result = try Executables.run("paced", [], environment: daemon.environment)
        #expect(result.status == 75)
        #expect(result.standardError.contains("another paced is already serving on \(daemon.socketPath)"))
        #expect(try UnixSocket.probe(daemon.socketPath) == .liveSocket)
    }

    @Test func socketDirectoryAndSocketArePrivate() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        #expect(try Syscall.lstat(daemon.root.appending("runtime/pace"))?.permissions.rawValue == 0o700)
        #expect(try Syscall.lstat(daemon.socketPath)?.permissions.rawValue == 0o600)
        #expect(try Syscall.lstat(daemon.stateDirectory)?.permissions.rawValue == 0o700)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func refusesARuntimeDirectoryOthersCanEnter() throws {
        let daemon = try DaemonProcess()
        let directory = daemon.root.appending("runtime/pace")
        mkdir(directory, 0o750)
        chmod(directory, 0o750)
        let result = try Executables.run("paced", [], environment: daemon.environment)
        #expect(result.status == 73)
        #expect(result.standardError.contains("chmod 700 \(directory)"))
    }

    /// Where paced puts its socket without `XDG_RUNTIME_DIR`.
    static let fallback = "/tmp/pace-\(Syscall.userID)"

    @Test(
        .enabled(
            if: (try? UnixSocket.probe(fallback + "/pace.sock")) != .liveSocket,
            "a paced already serves /tmp/pace-UID/pace.sock on this machine"))
    func withoutXDGRuntimeDirUsesAPrivateDirectoryInTmp() throws {
        let fallback = Self.fallback
        let daemon = try DaemonProcess(extraEnvironment: ["XDG_RUNTIME_DIR": nil])
        try daemon.start()
        #expect(try Syscall.lstat(fallback)?.permissions.rawValue == 0o700)
        #expect(try UnixSocket.probe(fallback + "/pace.sock") == .liveSocket)
        let status = try daemon.pace("--json")
        #expect(status.status == 0)
        #expect(status.standardOutput.contains("\"pid\" : \(daemon.pid)"))
        #expect(daemon.stop() == .exited(0))
        #expect(try UnixSocket.probe(fallback + "/pace.sock") == .none)
    }
}

/// `YYYY-MM-DD` of `seconds` since the epoch in UTC, from the C library (independent of PaceCore).
private func gmtDate(_ seconds: Int64) -> String {
    var time = time_t(seconds)
    var parts = tm()
    gmtime_r(&time, &parts)
    var buffer = [CChar](repeating: 0, count: 16)
    let count = strftime(&buffer, buffer.count, "%Y-%m-%d", &parts)
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
