import Foundation
import Glibc
import PaceProtocol
import PaceTestSupport
import Testing

@testable import pace

/// `pace` as built, run as a person or a script runs it: exit statuses, one-line errors, help, completions,
/// colour and character set. Nothing here needs the daemon's domain (see CLIDomainTests for that).
@Suite struct CLICommandLineTests {
    /// Every command, in a form that would reach the daemon.
    static let everyCommand: [[String]] = [
        [], ["status"], ["status", "--json"], ["status", "--format", "waybar"], ["status", "--verbose"],
        ["start"], ["start", "walking", "--intensity", "light", "--at", "10m ago"], ["stop", "--at", "5m ago"],
        ["rest"], ["rest", "15m"], ["rest", "--end"], ["log", "yoga", "30m", "--at", "09:00"],
        ["log", "add", "yoga", "30m"], ["log", "dump"], ["checkin", "--energy", "4", "--note", "ok"], ["flare"],
        ["flare", "on", "--until", "18:00"], ["flare", "off"], ["snooze"], ["snooze", "5m"], ["kinds"], ["history"],
        ["history", "--days", "28"], ["history", "--from", "2026-11-01", "--to", "2026-11-07"], ["why"],
        ["report", "--svg", "/tmp/pace-never-written.svg"], ["export"], ["export", "--format", "json"],
        ["export", "--table", "days"], ["watch"], ["watch", "--json"], ["calibrate", "20"], ["increase"],
        ["answer", "stop"], ["answer", "rest", "bout:1764072300000"],
    ]

    @Test(arguments: everyCommand)
    func daemonDownIsOneLineAndStatus69(arguments: [String]) throws {
        let environment = try DaemonProcess().environment
        for variant in [arguments, arguments + ["--json"]] where !(variant.filter { $0 == "--json" }.count > 1) {
            let result = try Executables.run("pace", variant, environment: environment)
            #expect(result.status == 69, "pace \(variant.joined(separator: " "))")
            #expect(result.standardOutput.isEmpty)
            #expect(result.standardError.hasPrefix("pace: paced is not running"))
            #expect(result.standardError.hasSuffix("\n"))
            #expect(result.standardError.dropLast().split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pace-never-written.svg"))
    }

    /// `--help` sends people only to what exists on every machine (the man pages exist only after `make man`), and
    /// the files the README names for the wire's shapes are there.
    @Test func jsonHelpAndTheReadmePointToWhatExists() throws {
        let help = try Executables.run("pace", ["status", "--help"], environment: [:]).standardOutput
        #expect(help.contains("--json"))
        #expect(!help.contains("man pace"), "\(help)")
        let root = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../..")
        let readme = try String(contentsOf: root.appending(path: "README.md"), encoding: .utf8)
        let paths = readme.matches(of: /`(Sources\/[A-Za-z\/.+]+\.varlink)`/).map { String($0.output.1) }
        #expect(!paths.isEmpty)
        for path in paths {
            #expect(FileManager.default.fileExists(atPath: root.appending(path: path).path), "README names \(path)")
        }
    }

    @Test func daemonDownForImportWaybarAndDoctor() throws {
        let daemon = try DaemonProcess()
        let file = daemon.root.appending("events.jsonl")
        try #"{"type":"checkIn","at":"2026-11-25T07:00:00Z","energy":4}"#.write(
            toFile: file, atomically: true, encoding: .utf8)
        let imported = try Executables.run("pace", ["import", file], environment: daemon.environment)
        #expect(imported.status == 69)
        #expect(imported.standardError.split(separator: "\n").count == 1)

        // A status bar shows that paced is off, and a script still learns it from the status.
        let waybar = try Executables.run("pace", ["waybar", "--once"], environment: daemon.environment)
        #expect(waybar.status == 69)
        let line = try JSONSerialization.jsonObject(with: Data(waybar.standardOutput.utf8)) as? [String: Any]
        #expect(line?["text"] as? String == "pace off")
        #expect(line?["class"] as? [String] == ["unavailable"])
        #expect(waybar.standardError.split(separator: "\n").count == 1)

        // Doctor still runs every check, and says first what to do.
        let doctor = try Executables.run("pace", ["doctor"], environment: daemon.environment)
        #expect(doctor.status == 69)
        let lines = doctor.standardOutput.split(separator: "\n")
        #expect(lines.count == DoctorCheck.all.count)
        #expect(lines.first?.hasPrefix("✗ paced is not running") == true)
        #expect(lines.first?.contains("systemctl --user start paced.socket") == true)
    }

    @Test(arguments: [
        (
            ["log", "yoga", "30"],
            "pace: duration: \"30\" is not a duration: add a unit: 30m for minutes, 30s for seconds"
        ),
        (["start", "--at", "25:00"], "pace: --at: \"25:00\" is not a time: hours go from 00 to 23"),
        (
            ["stop", "--at", "soon"],
            "pace: --at: \"soon\" is not a time: write it like 09:30, 10am, yesterday 3pm, 20m ago or 2026-11-25T09:30"
        ),
        (
            ["log", "walk", "20m", "--at", "9"],
            "pace: --at: \"9\" is not a time: say which: 9am or 9pm (09:00 or 21:00)"
        ),
        (
            ["log", "walk", "20m", "--at", "20m"],
            "pace: --at: \"20m\" is not a time: a length is not a time: write 20m ago, or in 20m"
        ),
        // Typos: the nearest command or option, when one is close.
        (["stauts"], "pace: unknown command 'stauts'; did you mean 'status'?"),
        (["strat", "walk"], "pace: unknown command 'strat'; did you mean 'start'?"),
        (["sleep"], "pace: unknown command 'sleep'; `pace --help` lists the commands"),
        (["checkin", "--enrgy", "4"], "pace: unknown option '--enrgy'; did you mean '--energy'?"),
        (["checkin", "--energy", "11"], "pace: --energy takes a number from 0 to 10; you gave 11"),
        // Values that begin with a dash are values, and the command says what is wrong with them.
        (["log", "walk", "-20m"], "pace: duration: \"-20m\" is not a duration: a duration cannot be negative"),
        (
            ["log", "walk", "-20m", "--at", "09:00", "--yes"],
            "pace: duration: \"-20m\" is not a duration: a duration cannot be negative"
        ),
        (["rest", "-5m"], "pace: rest: \"-5m\" is not a duration: a duration cannot be negative"),
        (["snooze", "-10", "min"], "pace: snooze: \"-10 min\" is not a duration: a duration cannot be negative"),
        (["checkin", "--energy", "-1"], "pace: --energy takes a number from 0 to 10; you gave -1"),
        (["checkin", "--pain", "-3", "--energy", "4"], "pace: --pain takes a number from 0 to 10; you gave -3"),
        (["calibrate", "-5"], "pace: minutes: give minutes from 1 to 1440, e.g. 20; you gave -5"),
        (["history", "--days", "-3"], "pace: --days takes a number from 1 to 3660; you gave -3"),
        (
            ["edit", "1234", "--length", "-30m"],
            "pace: --length: \"-30m\" is not a duration: a duration cannot be negative"
        ),
        (["rest", "5m", "--end"], "pace: --end takes no duration; type `pace rest --end`"),
        (["rest", "90"], "pace: rest: \"90\" is not a duration: add a unit: 90m for minutes, 90s for seconds"),
        (["snooze", "soon"], "pace: snooze: \"soon\" is not a duration: write it like 20m, 90s or 1h30m"),
        (
            ["snooze", "off"],
            "pace: a snooze cannot be lifted early: it ends by itself (`pace status` shows when), and `pace snooze 1m` replaces it with one that ends in a minute"
        ),
        (["snooze", "30s"], "pace: snooze: \"30s\" is too short; give at least 60 s, e.g. 20m"),
        (["snooze", "25h"], "pace: snooze: \"25h\" is longer than a day; give up to 24h"),
        (["calibrate", "0"], "pace: minutes: give minutes from 1 to 1440, e.g. 20; you gave 0"),
        (
            ["answer", "maybe"],
            "pace: the value 'maybe' is invalid for '<action>'. Please provide one of 'stop', 'snooze', 'rest' or 'dismiss'. (see `pace answer --help`)"
        ),
        (
            ["history", "--days", "3", "--from", "today"],
            "pace: give either --days N or --from DATE --to DATE, not both"
        ),
        (
            ["history", "--from", "2026-02-30"],
            "pace: --from: \"2026-02-30\" is not a date: no such day; write it as YYYY-MM-DD"
        ),
        (
            ["flare", "maybe"],
            "pace: the value 'maybe' is invalid for '<state>'. Please provide one of 'on' and 'off'. (see `pace flare --help`)"
        ),
        (
            ["flare", "off", "--until", "18:00"],
            "pace: --until goes with turning flare mode on: type `pace flare on --until 18:00`"
        ),
        (["report"], "pace: say where the report goes: `pace report --svg report.svg` or `--html report.html`"),
        (
            ["start", "--intensity", "extreme"],
            "pace: the value 'extreme' is invalid for '--intensity <intensity>'. Please provide one of 'light', 'moderate' or 'vigorous'. (see `pace start --help`)"
        ),
        (["--no-such-flag"], "pace: unknown option '--no-such-flag' (see `pace --help`)"),
        (["log"], "pace: missing expected argument '<kind>' (see `pace log --help`)"),
        (
            ["export", "--format", "xml"],
            "pace: the value 'xml' is invalid for '--format <format>'. Please provide one of 'csv' and 'json'. (see `pace export --help`)"
        ),
    ])
    func usageErrorsAreOneLineWithWhatToTypeAndStatus64(arguments: [String], message: String) throws {
        // With the daemon down: bad usage is found before pace tries to connect.
        let environment = try DaemonProcess().environment
        let result = try Executables.run("pace", arguments, environment: environment)
        #expect(result.status == 64)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == message + "\n")
    }

    @Test func checkinWithNothingToRecordOffATerminalIsUsage() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let result = try Executables.run("pace", ["checkin"], environment: daemon.environment, standardInput: "4\n")
        #expect(result.status == 64)
        #expect(
            result.standardError
                == "pace: nothing to record: give at least one rating, e.g. `pace checkin --energy 4`\n")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func importOfAFileThatIsNotAnExportIsBadData() throws {
        let daemon = try DaemonProcess()
        let missing = try Executables.run(
            "pace", ["import", daemon.root.appending("nope.csv")], environment: daemon.environment)
        #expect(missing.status == 66)
        #expect(
            missing.standardError == "pace: there is no file \(daemon.root.appending("nope.csv")); check the name\n")
        let text = daemon.root.appending("notes.txt")
        try "dear diary\n".write(toFile: text, atomically: true, encoding: .utf8)
        let wrong = try Executables.run("pace", ["import", text], environment: daemon.environment)
        #expect(wrong.status == 65)
        #expect(wrong.standardError.hasPrefix("pace: cannot import \(text): it is not a Pace export"))
        let empty = daemon.root.appending("empty.csv")
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        let nothing = try Executables.run("pace", ["import", empty], environment: daemon.environment)
        #expect(nothing.status == 65)
        #expect(nothing.standardError == "pace: \(empty) holds no events; nothing was imported\n")
    }

    @Test func helpForEveryCommand() throws {
        let environment = try DaemonProcess().environment
        let names = [
            "status", "start", "stop", "rest", "log", "checkin", "flare", "snooze", "answer", "history", "why", "kinds",
            "report", "export", "import", "calibrate", "increase", "watch", "waybar", "doctor",
        ]
        let help = try Executables.run("pace", ["--help"], environment: environment)
        #expect(help.status == 0)
        #expect(help.standardOutput.contains("Exit status: 0 ok; 64 bad usage"))
        for name in names {
            #expect(help.standardOutput.contains("\n  \(name) "), "\(name) is listed")
            let own = try Executables.run("pace", [name, "--help"], environment: environment)
            #expect(own.status == 0)
            #expect(own.standardOutput.contains("USAGE: pace \(name)"))
            if name != "log" { #expect(own.standardOutput.contains("--json"), "pace \(name) --help") }
        }
        let dump = try Executables.run("pace", ["log", "dump", "--help"], environment: environment)
        #expect(dump.standardOutput.contains("USAGE: pace log dump"))
        let add = try Executables.run("pace", ["log", "add", "--help"], environment: environment)
        #expect(
            add.standardOutput.contains("USAGE: pace log add [--socket <path>] [--json] [--ascii] <kind> <duration>"))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsCoverEveryCommand(shell: String) throws {
        let environment = try DaemonProcess().environment
        let result = try Executables.run("pace", ["--generate-completion-script", shell], environment: environment)
        #expect(result.status == 0)
        for name in ["checkin", "waybar", "doctor", "history", "dump", "intensity", "until"] {
            #expect(result.standardOutput.contains(name), "\(shell) script mentions \(name)")
        }
        // The shell itself accepts the script, where it is installed.
        let interpreter = ["/usr/bin/\(shell)", "/bin/\(shell)"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        if let interpreter {
            let scratch = TemporaryDirectory(prefix: "pace-completion")
            defer { scratch.remove() }
            let script = scratch.appending("pace.\(shell)")
            try result.standardOutput.write(toFile: script, atomically: true, encoding: .utf8)
            let check = try Executables.run(interpreter, ["-n", script], environment: environment)
            #expect(check.status == 0, "\(shell) -n: \(check.standardError)")
        }
    }

    /// `pace start <Tab>` offers the running daemon's activity kinds (found as every command finds it: here
    /// `$XDG_RUNTIME_DIR`), and nothing when it is not running.
    @Test func kindCompletionAsksTheRunningDaemon() throws {
        let daemon = try DaemonProcess()
        // What bash's completion function runs for `pace start <Tab>`.
        let arguments = ["---completion", "start", "--", "positional@0", "2", "0", "pace", "start", ""]
        let without = try Executables.run("pace", arguments, environment: daemon.environment)
        #expect(without.standardOutput.isEmpty)
        try daemon.start()
        let kinds = try JSONDecoder().decode(
            PaceAPI.ListActivityKinds.Reply.self,
            from: Data(try daemon.pace("kinds", "--json").standardOutput.utf8))
        let offered = try Executables.run("pace", arguments, environment: daemon.environment)
        #expect(offered.status == 0)
        #expect(offered.standardOutput.split(separator: "\n").map(String.init) == kinds.kinds.map(\.name))
        #expect(!kinds.kinds.isEmpty)
    }

    @Test func dumpHelpFeedsTheManPage() throws {
        let environment = try DaemonProcess().environment
        let result = try Executables.run("pace", ["--experimental-dump-help"], environment: environment)
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let command = json?["command"] as? [String: Any]
        #expect(command?["commandName"] as? String == "pace")
        let names = (command?["subcommands"] as? [[String: Any]])?.compactMap { $0["commandName"] as? String } ?? []
        #expect(Set(names).isSuperset(of: ["status", "start", "checkin", "history", "report", "waybar", "doctor"]))
    }
}

/// `pace` against a running `paced`: status, its character set and colour, the stream, doctor, the check-in prompt.
@Suite struct CLIWithDaemonTests {
    @Test func statusIsOneLineAndJSONIsTheReply() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let human = try daemon.pace("status")
        #expect(human.status == 0)
        #expect(human.standardOutput.split(separator: "\n").count == 1)
        #expect(human.standardError.isEmpty)
        let json = try daemon.pace("status", "--json")
        let reply = try JSONDecoder().decode(PaceAPI.GetStatus.Reply.self, from: Data(json.standardOutput.utf8))
        #expect(reply.status.pid == Int(daemon.pid))
        #expect(try daemon.pace("status", "--format", "json").standardOutput.contains("\"pid\" : \(daemon.pid)"))
        let waybar = try daemon.pace("status", "--format", "waybar")
        let object = try JSONSerialization.jsonObject(with: Data(waybar.standardOutput.utf8)) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["text", "tooltip", "class", "alt", "percentage"])
        #expect(waybar.standardOutput.split(separator: "\n").count == 1)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func nonUTF8LocaleGetsPlainASCII() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        for (locale, ascii) in [("C", true), ("POSIX", true), ("C.UTF-8", false)] {
            var environment = daemon.environment
            environment["LANG"] = locale
            let result = try Executables.run("pace", ["status", "--verbose"], environment: environment)
            #expect(result.status == 0)
            #expect(result.standardOutput.unicodeScalars.allSatisfy { $0.isASCII } == ascii, "LANG=\(locale)")
        }
        let forced = try daemon.pace("status", "--ascii")
        #expect(forced.standardOutput.prefix(10).allSatisfy { $0 == "#" || $0 == "." })
        #expect(daemon.stop() == .exited(0))
    }

    @Test func colourOnATerminalOnlyAndNeverWithNoColor() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        var environment = daemon.environment
        environment["TERM"] = "xterm-256color"
        let terminal = try PseudoTerminal(Executables.path("pace"), [], environment: environment)
        #expect(terminal.wait() == .exited(0))
        #expect(terminal.output.contains("\u{1B}["))

        environment["NO_COLOR"] = "1"
        let noColor = try PseudoTerminal(Executables.path("pace"), [], environment: environment)
        #expect(noColor.wait() == .exited(0))
        #expect(!noColor.output.contains("\u{1B}["))
        #expect(noColor.output.contains("░") || noColor.output.contains("▓"))

        environment["NO_COLOR"] = nil
        let piped = try Executables.run("pace", [], environment: environment)
        #expect(!piped.standardOutput.contains("\u{1B}["))
        #expect(daemon.stop() == .exited(0))
    }

    @Test func watchStreamsAndSaysWhenTheDaemonGoes() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let watch = try ChildProcess(
            Executables.path("pace"), ["watch", "--json"], environment: daemon.environment,
            outputDirectory: daemon.root.appending("output"))
        #expect(waitUntil { watch.standardOutput.contains("\n") })
        let first = watch.standardOutput.split(separator: "\n").first.map(String.init) ?? ""
        let reply = try JSONDecoder().decode(PaceAPI.Watch.Reply.self, from: Data(first.utf8))
        #expect(reply.status.pid == Int(daemon.pid))
        #expect(daemon.stop() == .exited(0))
        #expect(watch.wait(timeoutMilliseconds: 10_000) == .exited(69))
        #expect(watch.standardError.split(separator: "\n").count == 1)
        #expect(watch.standardError.hasPrefix("pace: paced went away"))
    }

    @Test func waybarFollowsTheDaemonThroughARestart() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let bar = try ChildProcess(
            Executables.path("pace"), ["waybar", "--retry", "1"], environment: daemon.environment,
            outputDirectory: daemon.root.appending("output"))
        defer { bar.signal(SIGTERM) }
        #expect(waitUntil { bar.standardOutput.split(separator: "\n").count >= 1 })
        #expect(daemon.stop() == .exited(0))
        #expect(waitUntil { bar.standardOutput.contains("\"pace off\"") })
        try daemon.start()
        #expect(waitUntil { bar.standardOutput.split(separator: "\n").count >= 3 })
        let lines = bar.standardOutput.split(separator: "\n")
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)")
        }
        #expect(lines.last?.contains("pace off") == false)
        #expect(bar.isRunning)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func doctorWithTheDaemonUp() throws {
        // 16:00 by the daemon's clock, after the morning check-in prompt: the log is empty whatever the time.
        let daemon = try DaemonProcess(clockAtUTCHour: 16)
        try daemon.start()
        let doctor = try daemon.pace("doctor")
        #expect(doctor.status == 0)
        let lines = doctor.standardOutput.split(separator: "\n")
        let first = String(lines.first ?? "")
        #expect(first.hasPrefix("✓ paced \(ProductInfo.version) is running (pid \(daemon.pid), up "))
        #expect(first.hasSuffix(" on \(daemon.socketPath)"))
        #expect(lines.contains("✓ event log in \(daemon.stateDirectory), private (mode 700): 0 records"))
        let json = try daemon.pace("doctor", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        let checks = object?["checks"] as? [[String: Any]] ?? []
        #expect(
            checks.map { $0["name"] as? String } == [
                "daemon", "log", "config", "inbox", "units", "notifications", "heart rate", "sync",
            ])
        #expect(object?["healthy"] as? Bool == true)
        let config = checks.first { $0["name"] as? String == "config" }
        #expect(config?["outcome"] as? String == "passed")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func doctorFindsAStateDirectoryOpenToOthers() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        #expect(daemon.stop() == .exited(0))
        chmod(daemon.stateDirectory, 0o755)
        let doctor = try daemon.pace("doctor")
        #expect(doctor.status == 69)
        #expect(
            doctor.standardOutput.contains(
                "✗ \(daemon.stateDirectory) is open to other users (mode 755): run `chmod 700 \(daemon.stateDirectory)`"
            ))
    }

    /// TZ=UTC: mornings (04:00 to noon, by the daemon's clock) ask for energy first, other times how the day went.
    @Test(arguments: [9, 20])
    func interactiveCheckInAsksOnATerminal(hour: Int) throws {
        let daemon = try DaemonProcess(clockAtUTCHour: hour)
        try daemon.start()
        let terminal = try PseudoTerminal(Executables.path("pace"), ["checkin"], environment: daemon.environment)
        #expect(terminal.waitFor("Check-in: Enter skips a question, q stops."))
        let morning = hour < 12
        #expect(terminal.waitFor(morning ? "Energy today, 0–10 (5 = your usual): " : "Fatigue, 0–10 (0 = none): "))
        terminal.type("11\n")
        #expect(terminal.waitFor("A number from 0 to 10, please, or Enter to skip."))
        terminal.type("4\n")
        #expect(terminal.waitFor(morning ? "Sleep last night" : "Pain, 0–10"))
        terminal.type("q\n")
        #expect(terminal.wait() == .exited(0))
        #expect(terminal.output.contains(morning ? "Check-in recorded: energy 4." : "Check-in recorded: fatigue 4."))
        #expect(daemon.stop() == .exited(0))
    }

    @Test func interactiveCheckInWithNothingAnsweredRecordsNothing() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let terminal = try PseudoTerminal(Executables.path("pace"), ["checkin"], environment: daemon.environment)
        #expect(terminal.waitFor("q stops."))
        terminal.type("q\n")
        #expect(terminal.wait() == .exited(0))
        #expect(terminal.output.contains("Nothing recorded."))
        #expect(daemon.stop() == .exited(0))
    }
}

/// Polls `condition` every 20 ms for up to `timeoutMilliseconds`.
func waitUntil(timeoutMilliseconds: Int64 = 10_000, _ condition: () -> Bool) -> Bool {
    let deadline = Monotonic.milliseconds() + timeoutMilliseconds
    while Monotonic.milliseconds() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
