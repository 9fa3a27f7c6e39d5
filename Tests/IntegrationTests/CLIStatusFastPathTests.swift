import Foundation
import Glibc
import PaceTestSupport
import Testing

@testable import pace

/// `pace` and `pace status` are read without ArgumentParser (``StatusFastPath``); everything they print and how
/// they exit must be what ArgumentParser's path gives for the same request. Each form runs twice, as it is (the
/// fast path) and with a trailing `--` (which ends the options and adds nothing, but which the fast path leaves
/// to ArgumentParser), against a real paced, and the two runs must agree byte for byte.
@Suite struct CLIStatusFastPathTests {
    /// Forms the fast path takes; `{socket}` stands for the daemon's socket path.
    static let forms: [[String]] = [
        [], ["status"], ["--json"], ["status", "--json"], ["--ascii"], ["status", "--ascii", "-v"], ["--verbose"],
        ["status", "--verbose", "--json"], ["status", "--format", "waybar"], ["--format=json"],
        ["status", "--format", "human", "--json"], ["--json", "--format", "human"], ["status", "--format=waybar"],
        ["--socket", "{socket}"], ["status", "--socket={socket}", "--ascii"], ["-v", "--socket", "{socket}", "--json"],
    ]

    /// Command lines that look close but are ArgumentParser's to answer (or to refuse).
    static let leftToArgumentParser: [[String]] = [
        ["--"], ["status", "--"], ["--help"], ["status", "-h"], ["--version"], ["status", "status"], ["stat"],
        ["--json", "--json"], ["-v", "--verbose"], ["--json=yes"], ["--format", "xml"], ["--format"],
        ["--socket"], ["--socket", "--json"], ["--socket="], ["-vv"], ["--json", "status"], ["kinds"],
        ["--generate-completion-script", "bash"], ["-json"],
    ]

    @Test func theFastPathTakesItsFormsAndNothingElse() {
        for form in Self.forms {
            #expect(StatusFastPath.request(form) != nil, "\(form)")
            #expect(StatusFastPath.request(form + ["--"]) == nil, "\(form) --")
        }
        for arguments in Self.leftToArgumentParser {
            #expect(StatusFastPath.request(arguments) == nil, "\(arguments)")
        }
        #expect(
            StatusFastPath.request(["status", "--format=waybar", "--socket", "/s", "--ascii", "-v", "--json"])
                == StatusRequest(
                    options: ClientOptions(socket: "/s", json: true, ascii: true), format: .waybar, verbose: true))
        #expect(StatusFastPath.request([]) == StatusRequest(options: ClientOptions()))
    }

    @Test func theEnvironmentIsWhatProcessInfoReads() {
        #expect(ProcessEnvironment.current == ProcessInfo.processInfo.environment)
    }

    @Test func bothPathsPrintTheSameWithTheDaemonRunning() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        #expect(try daemon.pace("start", "walking").status == 0)
        #expect(try daemon.pace("snooze", "20m").status == 0)
        for form in Self.forms {
            try expectSameOnBothPaths(form, socket: daemon.socketPath, environment: daemon.environment)
        }
        var environment = daemon.environment
        environment["LANG"] = "C"
        try expectSameOnBothPaths([], socket: daemon.socketPath, environment: environment)
        environment["PACE_SOCKET"] = daemon.socketPath
        environment["XDG_RUNTIME_DIR"] = nil
        try expectSameOnBothPaths(["--verbose"], socket: daemon.socketPath, environment: environment)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func bothPathsColourTheSameOnATerminal() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        var environment = daemon.environment
        environment["TERM"] = "xterm-256color"
        for noColor in [nil, "1"] {
            environment["NO_COLOR"] = noColor
            try expectSame(attempts: 5) {
                let fast = try PseudoTerminal(Executables.path("pace"), ["-v"], environment: environment)
                let slow = try PseudoTerminal(Executables.path("pace"), ["-v", "--"], environment: environment)
                return (
                    "\(String(describing: fast.wait())) \(fast.output)",
                    "\(String(describing: slow.wait())) \(slow.output)"
                )
            }
        }
        #expect(daemon.stop() == .exited(0))
    }

    @Test func bothPathsSayTheSameWhenPacedIsNotRunning() throws {
        let daemon = try DaemonProcess()
        for form in Self.forms {
            try expectSameOnBothPaths(form, socket: daemon.socketPath, environment: daemon.environment)
        }
        let result = try daemon.pace("status")
        #expect(result.status == 69)
        #expect(result.standardError.hasPrefix("pace: paced is not running (no daemon on \(daemon.socketPath))"))
    }

    @Test func bothPathsSayTheSameWhenPacedDoesNotAnswer() throws {
        // A socket that takes connections into its backlog and never answers: the call times out (5 s).
        let scratch = TemporaryDirectory(prefix: "pace-silent")
        defer { scratch.remove() }
        let path = scratch.appending("silent.sock")
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        try #require(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
        try #require(listen(listener, 8) == 0)
        let environment = try DaemonProcess().environment
        let fast = try Executables.run("pace", ["status", "--socket", path], environment: environment)
        let slow = try Executables.run("pace", ["status", "--socket", path, "--"], environment: environment)
        #expect(fast.status == 75)
        #expect(fast.standardError == "pace: paced did not answer in time on \(path); try again in a moment.\n")
        #expect(render(fast) == render(slow))
    }

    /// Runs `form` on both paths until one pair agrees (the status shows the time, which may tick between the
    /// two runs); fails if none of a few pairs does.
    private func expectSameOnBothPaths(_ form: [String], socket: String, environment: [String: String]) throws {
        let arguments = form.map { $0.replacingOccurrences(of: "{socket}", with: socket) }
        try expectSame(attempts: 5) {
            let fast = try Executables.run("pace", arguments, environment: environment)
            let slow = try Executables.run("pace", arguments + ["--"], environment: environment)
            return (render(fast), render(slow))
        }
    }

    private func expectSame(attempts: Int, _ pair: () throws -> (String, String)) throws {
        var last = ("", "")
        for _ in 0..<attempts {
            last = try pair()
            if last.0 == last.1 { return }
        }
        #expect(last.0 == last.1)
    }

    private func render(_ result: Executables.Result) -> String {
        "status \(result.status)\nstdout:\n\(result.standardOutput)\nstderr:\n\(result.standardError)"
    }
}
