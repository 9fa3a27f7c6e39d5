import FoundationEssentials
import Glibc
import PaceTestSupport
import Testing

/// The committed units in `systemd/`, checked by systemd's own tools.
///
/// `systemd-analyze verify` runs in its default (system) mode: `--user` needs a user manager, which these
/// machines do not run. The unit's `@BINDIR@` is replaced with the built binaries' directory, as
/// `make install` replaces it with the install directory.
@Suite struct SystemdUnitTests {
    static let analyze = "/usr/bin/systemd-analyze"
    static let source = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../systemd")
        .standardized.path(percentEncoded: false)

    @Test func bothUnitsVerifyWithoutWarnings() throws {
        let directory = try installedUnits()
        defer { directory.remove() }
        let result = try run(
            Self.analyze, ["verify", directory.appending("paced.service"), directory.appending("paced.socket")])
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.isEmpty, "\(result.standardError)")
    }

    @Test func theServiceIsHardenedToAnExposureOfAtMostOne() throws {
        let directory = try installedUnits()
        defer { directory.remove() }
        let result = try run(
            Self.analyze, ["security", "--offline=true", "--no-pager", directory.appending("paced.service")])
        #expect(result.status == 0, "\(result.standardError)")
        let summary = try #require(
            result.standardOutput.split(separator: "\n").last { $0.contains("Overall exposure level") })
        let score = try #require(summary.split(separator: " ").compactMap { Double($0) }.first, "\(summary)")
        print("systemd-analyze security --offline=true paced.service: exposure \(score)")
        #expect(score <= 1.0, "exposure \(score):\n\(result.standardOutput)")
    }

    @Test func theServiceIsANotifyServiceWithWatchdogReloadAndRestart() throws {
        let service = try settings("paced.service")
        for expected in [
            "Type=notify", "NotifyAccess=main", "WatchdogSec=30s", "Restart=on-failure",
            "ExecReload=/bin/kill -HUP $MAINPID",
            "ExecStart=@BINDIR@/paced", "RestartPreventExitStatus=64 78", "Requires=paced.socket",
            "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=read-only", "PrivateTmp=yes",
            "RestrictAddressFamilies=AF_UNIX", "SystemCallFilter=@system-service", "MemoryDenyWriteExecute=yes",
            "CapabilityBoundingSet=", "PrivateNetwork=yes", "LockPersonality=yes", "RestrictNamespaces=yes",
        ] {
            #expect(service.contains(expected), "paced.service lacks \(expected)")
        }
    }

    /// systemd 252 gives each process of a user unit its own user namespace, and only paced's may join the network
    /// namespace paced makes: a process started before it (an `ExecStartPre=`, with "+" or not) would make the
    /// namespace in vain and log a warning at every start, and `PrivateIPC=` would make every reload fail.
    @Test func paceIsTheFirstProcessOfItsServiceAndTheSocketMakesTheStateDirectory() throws {
        let service = try settings("paced.service")
        #expect(!service.contains { $0.hasPrefix("ExecStartPre=") }, "paced.service runs a process before paced")
        #expect(!service.contains { $0.hasPrefix("PrivateIPC=") }, "PrivateIPC= makes the reload's kill fail")
        let socket = try settings("paced.socket")
        #expect(socket.contains("ExecStartPre=/bin/mkdir -p %h/.local/state/pace"))
        #expect(socket.contains("UMask=0077"))
        #expect(service.contains("ReadWritePaths=-%h/.local/state/pace"))
    }

    @Test func theSocketIsPrivateAndWhereTheClientLooks() throws {
        let socket = try settings("paced.socket")
        for expected in [
            "ListenStream=%t/pace/pace.sock", "SocketMode=0600", "DirectoryMode=0700", "WantedBy=sockets.target",
        ] {
            #expect(socket.contains(expected), "paced.socket lacks \(expected)")
        }
    }

    /// The unit's settings, one per line, without comments.
    private func settings(_ name: String) throws -> [String] {
        let text = try String(decoding: Data(contentsOf: URL(filePath: Self.source + "/" + name)), as: UTF8.self)
        return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    /// Both units in a temporary directory, `@BINDIR@` replaced by the directory of the built `paced`.
    private func installedUnits() throws -> TemporaryDirectory {
        let directory = TemporaryDirectory(prefix: "pace-units")
        for name in ["paced.service", "paced.socket"] {
            let text = try String(decoding: Data(contentsOf: URL(filePath: Self.source + "/" + name)), as: UTF8.self)
            let installed = text.replacing("@BINDIR@", with: Executables.directory)
            try Data(installed.utf8).write(to: URL(filePath: directory.appending(name)))
        }
        return directory
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> (
        status: Int32, standardOutput: String, standardError: String
    ) {
        let scratch = TemporaryDirectory(prefix: "pace-analyze")
        defer { scratch.remove() }
        let child = try ChildProcess(
            executable, arguments, environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "SYSTEMD_COLORS": "0"],
            outputDirectory: scratch.path)
        let termination = try #require(child.wait(timeoutMilliseconds: 60_000), "\(executable) did not finish")
        guard case .exited(let status) = termination else { return (-1, child.standardOutput, child.standardError) }
        return (status, child.standardOutput, child.standardError)
    }
}
