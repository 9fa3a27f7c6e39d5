// pace-bench: Pace measured against physical limits and its peers, in one run, as one table.
//
//     make bench                      # release build, full sizes; writes docs/performance.{md,json}
//     pace-bench --smoke              # seconds: every benchmark at toy sizes, numbers printed (make test)
//
// Options: --directory DIR (where data goes; default $TMPDIR or /tmp; use the disk the real log lives on),
// --bin-dir DIR (paced and pace; default: beside pace-bench), --echo PATH (the C echo server, Benchmarks/RoundTrip/echo.c,
// built by make; needed), --independent-client PATH (Benchmarks/RoundTrip/roundtrip.py: the round trip from a Python
// client as well), --markdown FILE, --json FILE, --commit TEXT,
// --build TEXT, --no-peers. `--only idle|write|samples|status|roundtrip|startup|replay|sync|heartrate|heartrate-startup
// [--rounds N]` runs only the idle rows (wakeups and memory, beside the peers), the acknowledged write, `pace status`
// or the round trips (on a year of history), the start-up (no peers, no idle window), the sync folder's rows, the
// heart-rate stream's rows or its start-up row alone (HeartRateStream.swift), N times, and prints the rows: for comparing
// builds (`--bin-dir`) quickly. `pace-bench --write-history LOGDIR COUNT`
// writes a realistic history (about 20 events a day, ending yesterday) into a log directory, for profiling `paced` by
// hand; `pace-bench --decode LOGDIR [ROUNDS]` times replay's decoding of that log alone (DecodeTiming). Numbers are
// printed, never asserted; the exit status is 0 unless a benchmark
// could not run at all.
import FoundationEssentials
import Glibc
import PaceCore
import PaceSystem

var arguments = Array(CommandLine.arguments.dropFirst())
// For profiling by hand: a log of realistic history to start `paced` (or valgrind) on.
if arguments.first == "--write-history", arguments.count == 3, let count = Int(arguments[2]) {
    do {
        let written = try History.write(
            count: count, into: arguments[1], today: CivilDate(daysSinceEpoch: Int64(time(nil)) / 86_400))
        print("wrote \(written) events to \(arguments[1])")
        exit(0)
    } catch {
        StandardError.write("pace-bench: \(error)\n")
        exit(1)
    }
}

// Replay's decoding alone, for comparing builds and for callgrind (DecodeTiming).
if arguments.first == "--decode", (2...3).contains(arguments.count) {
    do {
        let rounds = arguments.count == 3 ? Int(arguments[2]) ?? 1 : 1
        let (events, perEvent) = try DecodeTiming.run(directory: arguments[1], rounds: rounds)
        print("decoded \(events) events: \(Format.fixed(perEvent, 1)) ns an event (median of \(rounds) rounds)")
        exit(0)
    } catch {
        StandardError.write("pace-bench: \(error)\n")
        exit(1)
    }
}

func fail(_ message: String) -> Never {
    StandardError.write("pace-bench: \(message)\n")
    exit(1)
}

var smoke = false
var peers = true
var parent = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
var binDirectory: String?
var markdownPath: String?
var jsonPath: String?
var commit = "unknown"
var build = "release, static Swift standard library"
var only: String?
var echo: String?
var independentClient: String?
var rounds = 1
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty else { fail("\(argument) needs a value") }
        return arguments.removeFirst()
    }
    switch argument {
    case "--smoke": smoke = true
    case "--no-peers": peers = false
    case "--directory": parent = value()
    case "--bin-dir": binDirectory = value()
    case "--markdown": markdownPath = value()
    case "--json": jsonPath = value()
    case "--commit": commit = value()
    case "--build": build = value()
    case "--only": only = value()
    case "--echo": echo = value()
    case "--independent-client": independentClient = value()
    case "--rounds": rounds = Int(value()) ?? 1
    default:
        fail(
            "usage: pace-bench [--smoke] [--no-peers] [--directory DIR] [--bin-dir DIR] [--markdown FILE] "
                + "[--json FILE] [--commit TEXT] [--build TEXT] [--echo PATH] [--independent-client PATH] "
                + "[--only idle|write|correction|import|samples|status|roundtrip|startup|replay|sync|heartrate|heartrate-startup [--rounds N]]"
        )
    }
}

/// The directory this executable is in (where SwiftPM puts `paced` and `pace` too).
func ownDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let path = String(decoding: buffer[..<max(0, count)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
}

var template = Array("\(parent)/pace-bench.XXXXXX".utf8CString)
guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
    fail("cannot create a directory in \(parent): errno \(errno)")
}
let root = String(cString: created)
#if DEBUG
build = "debug build (numbers mean little)"
#endif
let sizes = smoke ? Sizes.smoke : Sizes()
guard let echo else { fail("--echo PATH is needed: the C echo server (make bench builds .build/pace-echo)") }
var benchmarks = Benchmarks(
    sizes: sizes, root: root, binDirectory: binDirectory ?? ownDirectory(), echo: echo,
    independentClient: independentClient, peersEnabled: peers && !smoke)
print("pace-bench\(smoke ? " (smoke run: toy sizes)" : ""): data in \(root)")

var rows: [Row] = []
if only == "sync" {
    do {
        for _ in 0..<rounds { rows += try benchmarks.sync() }
    } catch {
        fail("\(error) (data left in \(root))")
    }
    for row in rows { print("\(row.figure): \(row.pace); \(row.comparison)") }
    try? FileManager.default.removeItem(atPath: root)
    exit(0)
}
if only == "startup" || only == "replay" {
    do {
        for round in 0..<rounds {
            rows.append(
                only == "replay"
                    ? try benchmarks.replay(directory: "replay-\(round)")
                    : try benchmarks.startup(directory: "startup-\(round)"))
        }
    } catch {
        fail("\(error) (data left in \(root))")
    }
    for row in rows { print("\(row.figure): \(row.pace)") }
    try? FileManager.default.removeItem(atPath: root)
    exit(0)
}
if only == "idle" {
    do {
        for _ in 0..<rounds {
            let (idleRows, daemon, desktop) = try benchmarks.idle()
            rows += idleRows
            daemon.stop()
            desktop.stop()
            for directory in ["/daemon", "/desktop"] { try? FileManager.default.removeItem(atPath: root + directory) }
        }
    } catch {
        fail("\(error) (data left in \(root))")
    }
    for row in rows { print("\(row.figure): \(row.pace); \(row.comparison)") }
    try? FileManager.default.removeItem(atPath: root)
    exit(0)
}
if only == "heartrate" || only == "heartrate-startup" {
    do {
        for _ in 0..<rounds {
            if only == "heartrate" { rows += try benchmarks.heartRateStream() }
            rows.append(try benchmarks.heartRateStartup())
        }
    } catch {
        fail("\(error) (data left in \(root))")
    }
    for row in rows { print("\(row.figure): \(row.pace); \(row.comparison)") }
    try? FileManager.default.removeItem(atPath: root)
    exit(0)
}
if let only {
    do {
        let daemon = try BenchDaemon(root: root + "/daemon", executable: benchmarks.binDirectory + "/paced")
        let written = try History.write(
            count: sizes.yearDays * 40, into: daemon.logDirectory, today: benchmarks.today, days: sizes.yearDays)
        try daemon.start()
        print("\(only) only: \(written) events of history, \(rounds) rounds")
        for _ in 0..<rounds {
            switch only {
            case "write": rows.append(try benchmarks.acknowledgedWrite(daemon))
            case "correction":
                rows.append(try benchmarks.correctionWrite(daemon))
                rows.append(try benchmarks.correctionFold())
            case "import": rows.append(try benchmarks.largeImport(daemon))
            case "samples":
                rows.append(try benchmarks.gadgetbridgeImport(daemon))
                rows.append(try benchmarks.appleHealthStreaming(daemon))
            case "status": rows.append(try benchmarks.wholeProcess(daemon))
            case "roundtrip":
                rows.append(try benchmarks.roundTrips(daemon))
                rows.append(try benchmarks.independentRoundTrips(daemon))
            default:
                fail(
                    "--only takes idle, write, correction, import, samples, status, roundtrip, startup, replay, sync, heartrate or heartrate-startup"
                )
            }
        }
        daemon.stop()
    } catch {
        fail("\(error) (data left in \(root))")
    }
    for row in rows { print("\(row.figure): \(row.pace); \(row.comparison)") }
    try? FileManager.default.removeItem(atPath: root)
    exit(0)
}
do {
    let (idleRows, daemon, desktop) = try benchmarks.idle()
    rows += idleRows
    desktop.stop()
    for benchmark in [
        benchmarks.roundTrips, benchmarks.independentRoundTrips, benchmarks.throughputRow, benchmarks.acknowledgedWrite,
        benchmarks.correctionWrite, { _ in try benchmarks.correctionFold() }, benchmarks.wholeProcess,
        benchmarks.memoryGrowth, benchmarks.largeImport, benchmarks.gadgetbridgeImport, benchmarks.appleHealthStreaming,
    ] {
        daemon.drainNotifications()
        rows.append(try benchmark(daemon))
    }
    daemon.stop()
    rows.append(try benchmarks.startup())
    rows.append(try benchmarks.replay())
    rows += try benchmarks.sync()
    rows += try benchmarks.heartRateStream()
    rows.append(try benchmarks.heartRateStartup())
} catch {
    fail("\(error) (data left in \(root))")
}

// Toy sizes on a debug build say nothing about the targets.
if smoke {
    rows = rows.map {
        var row = $0
        row.met = nil
        return row
    }
}
let report = Report(
    machine: Machine.describe(benchDirectory: parent, commit: commit, build: build),
    mode: smoke ? "smoke" : "full", rows: rows, notes: benchmarks.notes)
print()
report.printTable()
do {
    if let markdownPath { try report.update(markdownFile: markdownPath) }
    if let jsonPath { try Files.write(try report.json(), to: jsonPath) }
} catch {
    fail("\(error)")
}
try? FileManager.default.removeItem(atPath: root)
