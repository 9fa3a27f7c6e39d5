import FoundationEssentials
import Glibc
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// The README's console examples are real output: each `$ pace …` line in a ```` ```console ```` block is run against
/// a real daemon, and what it prints must be the lines under it (`pace checkin`'s questions on a terminal, with the
/// answers typed as they are asked).
///
/// The day the README tells runs on Wednesday 2026-11-25 in UTC, on the daemon's test clock, which `pace` reads too
/// (`TestClockShift`): each command runs at the time this test schedules for it, so "Started walking at 16:38" is
/// what it says. The weeks before come from `pace import` of `Tests/Fixtures/readme-history.jsonl` (sixteen days:
/// a calibration week, busy days, a two-day flare). The daemon lives in a home laid out as a person's
/// (``DaemonProcess/Layout/personal``), so paths read `/home/ana/…` once the temporary root is taken off; pids are
/// compared as `pid #`; event ids the README shows are matched to the real ones in the order they appear.
///
/// A block whose command the test has no time for, or a command whose output differs, fails with the real output.
/// `PACE_README_RECORD=1 swift test --filter ReadmeExampleTests` writes what the commands printed into the README
/// (then read the change: it is what a person will see).
@Suite(.serialized)
struct ReadmeExampleTests {
    /// 2026-11-25 (the README's "today"), the time of day in UTC.
    private static func today(_ time: String) -> Int64 { instant("2026-11-25", time) }

    private static func instant(_ date: String, _ time: String) -> Int64 {
        let day = CivilDate(iso8601: date)!
        let parts = time.split(separator: ":").map { Int64($0)! }
        let seconds = parts[0] * 3600 + parts[1] * 60 + (parts.count > 2 ? parts[2] : 0)
        return (Int64(day.daysSinceEpoch) * 86_400 + seconds) * 1000
    }

    @Test func theFirstRunIsWhatTheReadmeShows() throws {
        let readme = try Readme()
        let daemon = try DaemonProcess(clockAt: Self.today("08:00"), layout: .personal)
        try daemon.start()
        defer { daemon.stop() }
        let run = ReadmeRun(daemon: daemon)
        // "up 2 min": asked two minutes after the start.
        try run.check(readme.block(startingWith: ".build/release/pace"), at: [Self.today("08:02"), nil])
        try Readme.record(run.recorded)
    }

    /// `pace checkin` on a terminal, a first evening: each answer the README shows is typed when its question is
    /// there, and the terminal (with its echo of what was typed) must read as the README does.
    @Test func aFirstEveningsCheckInIsWhatTheReadmeShows() throws {
        let readme = try Readme()
        let daemon = try DaemonProcess(clockAt: Self.today("20:00"), layout: .personal)
        try daemon.start()
        defer { daemon.stop() }
        let block = try readme.block(startingWith: "pace checkin")
        try #require(block.commands.count == 1)
        let command = block.commands[0]
        let terminal = try PseudoTerminal(
            Executables.path("pace"), Array(command.arguments.dropFirst()), environment: daemon.environment)
        for line in command.output where line.hasPrefix("  ") {
            // A question and its answer: "  Fatigue, 0–10 (0 = none): 5"; Enter alone skips it.
            guard let colon = line.lastIndex(of: ":") else { continue }
            let question = String(line[..<colon])
            #expect(terminal.waitFor(question + ":"), "no question \(question): \(terminal.output)")
            terminal.type(line[line.index(after: colon)...].trimmingPrefix(" ") + "\n")
        }
        #expect(terminal.wait() == .exited(0))
        // The terminal's text without its colours (SGR sequences, ESC [ … m) and spaces at line ends.
        var text = terminal.output.replacing("\r\n", with: "\n")
        while let escape = text.firstRange(of: "\u{1B}["), let end = text[escape.upperBound...].firstIndex(of: "m") {
            text.removeSubrange(escape.lowerBound...end)
        }
        let printed = text.split(separator: "\n").map { String($0.reversed().drop { $0 == " " }.reversed()) }
        let expected = command.output.map { String($0.reversed().drop { $0 == " " }.reversed()) }
        #expect(
            printed == expected,
            "README.md, `$ pace checkin` on a terminal printed:\n\(printed.joined(separator: "\n"))")
    }

    @Test func aDayIsWhatTheReadmeShows() throws {
        let readme = try Readme()
        let daemon = try DaemonProcess(clockAt: Self.today("07:55"), layout: .personal)
        try daemon.start()
        defer { daemon.stop() }
        let run = ReadmeRun(daemon: daemon)
        let history = URL(filePath: #filePath).deletingLastPathComponent()
            .appending(path: "../Fixtures/readme-history.jsonl").standardized.path
        let imported = try run.pace(["import", history])
        try #require(imported.status == 0, "import: \(imported.standardError)")

        // The day: a check-in in the morning, a bout entered afterwards, a walk, a rest.
        let day = try readme.block(startingWith: "pace checkin --energy 4 --sleep 6")
        let outputs = try run.check(
            day,
            at: [
                Self.today("08:10"), Self.today("16:30"), Self.today("16:38"), Self.today("16:49:20"),
                Self.today("16:49:40"), Self.today("16:51"),
            ])
        // The summary under "Daily use" is the day's line eleven minutes into the walk.
        let summary = try readme.block(startingWith: "pace", output: { $0.first?.contains("rest due in") == true })
        try #require(summary.commands.count == 1)
        #expect(summary.commands[0].output == outputs[3], "the summary is the walk's line at 16:49")
        let summaryRecord = summary.commands[0].output == outputs[3] ? [] : [(summary.commands[0].lines, outputs[3])]

        // Keeping watch: `pace watch` shows the rest, then its end; waybar and doctor after it.
        let watch = try readme.block(startingWith: "pace watch")
        try run.check(
            watch, at: [Self.today("16:52:30"), Self.today("17:07:30"), Self.today("17:10")],
            streaming: ["pace watch": Self.today("17:06:10"), "pace waybar": nil])
        // Up again (not shown): the rest ends before the evening.
        try run.setClock(Self.today("17:20"))
        #expect(try run.pace(["rest", "--end"]).status == 0)

        // Looking back, in the evening.
        let lookingBack = try readme.block(startingWith: "pace why")
        let anotherMachine = try DaemonProcess(clockAt: Self.today("21:05"), layout: .personal)
        try anotherMachine.start()
        defer { anotherMachine.stop() }
        try run.check(
            lookingBack, at: [Self.today("21:00"), nil, nil, nil, nil, Self.today("21:05")],
            elsewhere: ["pace import pace.json": ReadmeRun(daemon: anotherMachine, directory: run.directory)])

        // The events table begins as the README shows (its header and first rows, ids and json shortened).
        let csv = try readme.fence("csv", startingWith: "type,")
        let written = try String(contentsOfFile: run.directory + "/events.csv", encoding: .utf8)
            .split(separator: "\r\n").prefix(csv.count).map { Self.shortened(String($0)) }
        #expect(written == csv.map(\.text), "events.csv begins:\n\(written.joined(separator: "\n"))")
        let table =
            written == csv.map(\.text)
            ? [] : csv.first.map { [(lines: $0.index..<($0.index + csv.count), printed: written)] } ?? []

        // Mistakes and corrections, the morning after.
        let mistakes = try readme.block(startingWith: "pace log walk 5h --at 08:00")
        let next = { (time: String) in Self.instant("2026-11-26", time) }
        try run.setClock(next("09:00:30"))  // the morning's check-in prompt falls due at 09:00
        try run.check(
            mistakes,
            at: [
                next("13:30"), next("13:31"), next("13:32"), next("13:33"), next("13:34"), next("13:35"), next("13:36"),
            ])
        try Readme.record(run.recorded + table + summaryRecord)
    }

    /// A row of the events table as the README shows it: ids cut to 8 digits and the `json` column to `{…}`.
    private static func shortened(_ row: String) -> String {
        var fields: [String] = []
        var field = ""
        var quoted = false
        for character in row {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields.map { field in
            if field.hasPrefix("\"{") { return "\"{…}\"" }
            if field.count == 32 && field.allSatisfy(\.isHexDigit) { return field.prefix(8) + "…" }
            return field
        }.joined(separator: ",")
    }
}

/// The README's fenced blocks, and what rewrites their outputs in record mode.
private struct Readme {
    static let path = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../README.md")
        .standardized.path
    /// Each fenced block: its language, and its lines with their index in the file.
    let fences: [(language: String, lines: [(index: Int, text: String)])]
    var blocks: [ConsoleBlock] { fences.filter { $0.language == "console" }.map { ConsoleBlock($0.lines) } }

    init() throws {
        let text = try String(contentsOfFile: Self.path, encoding: .utf8)
        var fences: [(String, [(Int, String)])] = []
        var current: (String, [(Int, String)])?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                if let open = current {
                    fences.append(open)
                    current = nil
                } else {
                    current = (String(line.dropFirst(3)), [])
                }
            } else if current != nil {
                current!.1.append((index, String(line)))
            }
        }
        self.fences = fences
    }

    /// In record mode (`PACE_README_RECORD=1` in the test's environment), rewrites the README's output lines that
    /// differ from what the commands printed, as snapshot tests do; else nothing.
    static func record(_ outputs: [(lines: Range<Int>, printed: [String])]) throws {
        guard ProcessInfo.processInfo.environment["PACE_README_RECORD"] == "1" else { return }
        var lines = try String(contentsOfFile: path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for output in outputs.sorted(by: { $0.lines.lowerBound > $1.lines.lowerBound }) {
            lines.replaceSubrange(output.lines, with: output.printed)
        }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The console block whose first command is `command` (and whose first output passes `output`).
    func block(startingWith command: String, output: ([String]) -> Bool = { _ in true }) throws -> ConsoleBlock {
        let found = blocks.filter {
            $0.commands.first?.text == command && output($0.commands.first?.output ?? [])
        }
        guard found.count == 1 else {
            throw TestFailure("README.md has \(found.count) console blocks starting with `$ \(command)`, not one")
        }
        return found[0]
    }

    /// The lines of the fenced block in `language` whose first line starts with `prefix`, with their index.
    func fence(_ language: String, startingWith prefix: String) throws -> [(index: Int, text: String)] {
        guard
            let found = fences.first(where: {
                $0.language == language && $0.lines.first?.text.hasPrefix(prefix) == true
            })
        else { throw TestFailure("README.md has no \(language) block starting with \(prefix)") }
        return found.lines
    }
}

/// A ```` ```console ```` block: commands (`$ …` lines, a `# comment` after them left out) and the lines each printed.
private struct ConsoleBlock {
    struct Command {
        /// The command as typed, without its comment.
        var text: String
        /// Its words, as a shell would split them (double and single quotes).
        var arguments: [String]
        /// What it printed, without the blank lines that end it.
        var output: [String]
        /// Where those lines are in the README (an empty range after the command when it shows none).
        var lines: Range<Int>
    }

    var commands: [Command] = []

    init(_ lines: [(index: Int, text: String)]) {
        for (index, line) in lines {
            if line.hasPrefix("$ ") {
                let arguments = Self.words(String(line.dropFirst(2)))
                commands.append(
                    Command(
                        text: arguments.joined(separator: " "), arguments: arguments, output: [],
                        lines: (index + 1)..<(index + 1)))
            } else if !commands.isEmpty {
                commands[commands.count - 1].output.append(line)
                commands[commands.count - 1].lines = commands[commands.count - 1].lines.lowerBound..<(index + 1)
            }
        }
        for index in commands.indices {
            while commands[index].output.last == "" {
                commands[index].output.removeLast()
                commands[index].lines = commands[index].lines.dropLast()
            }
        }
    }

    /// Splits a command line into words as a shell would, up to a word that begins with `#`.
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else if character == "#" && !inWord {
                break
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return words
    }
}

/// Runs README commands against one daemon, in a working directory of their own, at the times given.
private final class ReadmeRun {
    let daemon: DaemonProcess
    /// Where the commands run (the files `pace export` and `pace report` write land here).
    let directory: String
    /// The README's event ids, by the real ones they stand for.
    private var ids: [String: String] = [:]
    /// What each command printed, by where the README shows it (for record mode).
    private(set) var recorded: [(lines: Range<Int>, printed: [String])] = []

    init(daemon: DaemonProcess, directory: String? = nil) {
        self.daemon = daemon
        self.directory = directory ?? daemon.root.appending("home/ana")
    }

    /// The shell's arguments that run `pace arguments…` in ``directory``.
    private func inDirectory(_ arguments: [String]) -> [String] {
        ["-c", "cd \"$0\" && exec \"$@\"", directory, Executables.path("pace")] + arguments
    }

    /// Runs `pace arguments…` in ``directory``.
    func pace(_ arguments: [String]) throws -> Executables.Result {
        // The daemon's status goes to its notify socket on every change; unread, the socket fills up and the daemon
        // blocks in sd_notify, as it would under a service manager that stopped reading.
        while daemon.notify.receive(timeoutMilliseconds: 0) != nil {}
        return try Executables.run("/bin/sh", inDirectory(arguments), environment: daemon.environment)
    }

    /// Runs each command of `block` at its time (`nil`: whenever the one before ran) and checks what it printed;
    /// returns what each printed.
    ///
    /// - Parameters:
    ///   - streaming: Commands that run until stopped (`pace watch`), by the time the clock moves to once they
    ///     printed their first line (`nil`: it stays): read until they printed as many lines as the README shows.
    ///   - elsewhere: Commands run against another daemon (the README's "on another machine").
    @discardableResult
    func check(
        _ block: ConsoleBlock,
        at times: [Int64?],
        streaming: [String: Int64?] = [:],
        elsewhere: [String: ReadmeRun] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [[String]] {
        guard times.count == block.commands.count else {
            throw TestFailure(
                "the README block starting with `$ \(block.commands.first?.text ?? "")` has \(block.commands.count) "
                    + "commands; the test gives times for \(times.count)")
        }
        var outputs: [[String]] = []
        for (command, time) in zip(block.commands, times) {
            if let time { try setClock(time) }
            let arguments = command.arguments.dropFirst().map(readmeIDsReplaced)
            let printed: [String]
            if let moveTo = streaming[command.text] {
                printed = try self.stream(Array(arguments), lines: max(1, command.output.count), moveTo: moveTo)
            } else {
                let runner = elsewhere[command.text] ?? self
                let result = try runner.pace(Array(arguments))
                printed = runner.lines(result.standardOutput + result.standardError)
            }
            outputs.append(printed)
            let expected = command.output.map(Self.pidsHidden)
            let matched = matchIDs(expected: expected, actual: printed.map(Self.pidsHidden))
            if matched != expected { recorded.append((command.lines, printed)) }
            #expect(
                matched == expected,
                """
                README.md, `$ \(command.text)` printed:
                \(printed.joined(separator: "\n"))
                but the README shows:
                \(expected.joined(separator: "\n"))
                """, sourceLocation: sourceLocation)
        }
        return outputs
    }

    /// Sets the daemon's clock (and `pace`'s) to `time`, and waits until the daemon goes by it: it reads the clock's
    /// file when inotify says it changed, which may be after the next request.
    func setClock(_ time: Int64) throws {
        try daemon.clock?.start(at: time)
        let deadline = Monotonic.milliseconds() + 30_000
        var status: Executables.Result?
        while Monotonic.milliseconds() < deadline {
            status = try pace(["status", "--json"])
            if let now = Self.now(in: status!.standardOutput), now >= time { return }
            usleep(5_000)
        }
        throw TestFailure(
            "the daemon's clock did not move to \(Instant(millisecondsSinceEpoch: time).rfc3339): pace status --json "
                + "printed \(status?.standardOutput ?? "")\(status?.standardError ?? "")\npaced said:\n"
                + (daemon.process?.standardError ?? ""))
    }

    /// `now` of a `pace status --json` reply, in milliseconds since the epoch.
    private static func now(in reply: String) -> Int64? {
        let status = try? JSONDecoder().decode(PaceAPI.GetStatus.Reply.self, from: Data(reply.utf8)).status
        return status.flatMap { Instant(rfc3339: $0.now) }?.millisecondsSinceEpoch
    }

    /// Runs a command that keeps running until it printed `count` lines (at most 10 s), moving the clock after the
    /// first.
    private func stream(_ arguments: [String], lines count: Int, moveTo: Int64?) throws -> [String] {
        let child = try ChildProcess(
            "/bin/sh", inDirectory(arguments), environment: daemon.environment,
            outputDirectory: daemon.root.appending("output"))
        defer {
            child.signal(SIGTERM)
            child.wait()
        }
        var moved = false
        let deadline = Monotonic.milliseconds() + 10_000
        while Monotonic.milliseconds() < deadline {
            let printed = lines(child.standardOutput)
            if printed.count >= count { return printed }
            if printed.count >= 1 && !moved, let moveTo {
                try setClock(moveTo)
                moved = true
            }
            usleep(20_000)
        }
        return lines(child.standardOutput)
    }

    /// `text` as lines, with this run's temporary root taken off every path.
    private func lines(_ text: String) -> [String] {
        var lines = text.replacing(daemon.root.path, with: "")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func pidsHidden(_ line: String) -> String {
        var result = ""
        var rest = Substring(line)
        while let range = rest.firstRange(of: "pid ") {
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            if !digits.isEmpty { result += "#" }
            rest = rest.dropFirst(digits.count)
        }
        return result + rest
    }

    /// `actual`, with an event id at the start of a line written as the README's id at the same place when the
    /// rest of the line is the same (the pair remembered for the commands that name it), and every id met before
    /// written as the README's.
    private func matchIDs(expected: [String], actual: [String]) -> [String] {
        var actual = actual
        if expected.count == actual.count {
            for (expected, actual) in zip(expected, actual) {
                guard let readmeID = Self.leadingID(expected), let realID = Self.leadingID(actual),
                    expected.dropFirst(readmeID.count) == actual.dropFirst(realID.count)
                else { continue }
                ids[readmeID] = realID
            }
        }
        for (readmeID, realID) in ids {
            actual = actual.map { $0.replacing(realID, with: readmeID) }
        }
        return actual
    }

    /// An argument naming a README id by its first digits, turned into as many digits of the real one.
    private func readmeIDsReplaced(_ argument: String) -> String {
        guard argument.count >= 4, argument.allSatisfy(\.isHexDigit),
            let (_, real) = ids.first(where: { $0.key.hasPrefix(argument) })
        else { return argument }
        return String(real.prefix(argument.count))
    }

    /// The 8 hex digits a `pace events` line starts with.
    private static func leadingID(_ line: String) -> String? {
        let prefix = line.prefix(8)
        guard prefix.count == 8, prefix.allSatisfy(\.isHexDigit), line.dropFirst(8).hasPrefix("  ") else { return nil }
        return String(prefix)
    }
}
