import FoundationEssentials
import Glibc
import PaceCore
import PaceDaemon
import PaceLog
import PaceSystem
import PaceTestSupport

/// How big each measurement is: the full run of `make bench`, or the seconds-long smoke run of `make test`.
struct Sizes {
    var yearDays = 365
    var replayEvents = 1_000_000
    var replayRepeats = 3
    var startupEvents = 200_000
    var startupRepeats = 7
    var roundTrips = 20_000
    var throughputSeconds = 3.0
    var writes = 300
    var growthRequests = 100_000
    var settleSeconds = 8.0
    var idleSeconds = 60.0
    var processRuns = 100
    var importEvents = 100_000
    /// Seconds of heart rate at 1 Hz, and minutes of a simulated day pushed fast.
    var heartRateSeconds = 60
    var heartRateMinutes = 1440
    /// Rows of the Gadgetbridge export: a year of minutes.
    var gadgetbridgeMinutes = 525_600
    /// The Apple Health export's size.
    var appleHealthBytes = 1 << 30

    static let smoke = Sizes(
        yearDays: 30, replayEvents: 5_000, replayRepeats: 1, startupEvents: 2_000, startupRepeats: 1,
        roundTrips: 300, throughputSeconds: 0.2, writes: 10, growthRequests: 2_000, settleSeconds: 0,
        idleSeconds: 1, processRuns: 3, importEvents: 2_000, heartRateSeconds: 2, heartRateMinutes: 4,
        gadgetbridgeMinutes: 10_080, appleHealthBytes: 2 << 20)
}

/// The benchmarks, in the order `make bench` runs them. Each returns rows of the table.
struct Benchmarks {
    let sizes: Sizes
    let root: String
    let binDirectory: String
    /// The C echo server (Benchmarks/RoundTrip/echo.c): the floor for a round trip.
    let echo: String
    /// Benchmarks/RoundTrip/roundtrip.py, when the round trip is to be measured from a client of its own too.
    let independentClient: String?
    let peersEnabled: Bool
    var notes: [String] = []

    static let getStatus = Array(#"{"method":"io.pace.Daemon.GetStatus"}"#.utf8) + [0]

    var today: CivilDate {
        CivilDate(daysSinceEpoch: Int64(time(nil)) / 86_400)
    }

    func log(_ text: String) {
        print(text)
        fflush(nil)
    }

    // MARK: Idle: wakeups and memory, beside the peers

    /// Starts `paced` with a year of history and the peers on one desktop, lets them settle, then counts context
    /// switches over the same window for all of them, and reads their memory.
    /// - Returns: The rows, and the still-running daemon for the request benchmarks.
    mutating func idle() throws -> ([Row], BenchDaemon, PeerDesktop) {
        let desktop = PeerDesktop(root: root + "/desktop")
        mkdir(root + "/desktop", 0o700)
        let bus = peersEnabled ? try desktop.startDesktop() : nil
        let daemon = try BenchDaemon(root: root + "/daemon", executable: binDirectory + "/paced", sessionBus: bus)
        let written = try History.write(
            count: sizes.yearDays * 40, into: daemon.logDirectory, today: today, days: sizes.yearDays)
        log("idle: a year of history is \(Format.count(Double(written))) events (\(sizes.yearDays) days)")
        let ready = try daemon.start()
        log("idle: paced ready in \(Format.duration(nanoseconds: ready)) (first start: replay, then snapshot)")
        if peersEnabled { try desktop.startPeers() }
        var subjects: [(name: String, pid: Int32)] = [("paced", daemon.pid)]
        subjects += desktop.peers.map { ($0.name, $0.process.pid) }
        log("idle: settling \(Int(sizes.settleSeconds)) s, then counting wakeups for \(Int(sizes.idleSeconds)) s")
        Measure.sleep(seconds: sizes.settleSeconds)
        let trees = subjects.map { ProcessProbe.tree($0.pid) }
        let before = trees.map(ProcessProbe.contextSwitches)
        let windowStart = Measure.nanoseconds()
        Measure.sleep(seconds: sizes.idleSeconds)
        let minutes = Double(Measure.nanoseconds() - windowStart) / 60e9
        let after = trees.map(ProcessProbe.contextSwitches)
        let memory = trees.map(ProcessProbe.memory)

        var wakeups: [Double] = []
        for index in subjects.indices {
            let woken = after[index].reduce(0) { $0 + $1.value.total - (before[index][$1.key]?.total ?? 0) }
            wakeups.append(Double(woken) / minutes)
            let threads = Set(after[index].keys) == Set(before[index].keys) ? "" : " (threads came or went)"
            log(
                "idle: \(subjects[index].name): \(Format.fixed(wakeups[index], 1)) wakeups/min\(threads), "
                    + "RSS \(Format.megabytes(kilobytes: memory[index].rss)), "
                    + "PSS \(Format.megabytes(kilobytes: memory[index].pss)), "
                    + "anonymous \(Format.megabytes(kilobytes: memory[index].anonymous))")
        }
        func peerText(_ value: (Int) -> String) -> String {
            subjects.indices.dropFirst().map { "\(subjects[$0].name) \(value($0))" }.joined(separator: ", ")
        }
        let peerWakeups = peersEnabled ? peerText { Format.fixed(wakeups[$0], 0) + "/min" } : "peers not run"
        let peerMemory =
            peersEnabled
            ? peerText {
                "\(Format.megabytes(kilobytes: memory[$0].rss)) / \(Format.megabytes(kilobytes: memory[$0].pss))"
            } : "peers not run"
        var numbers: [String: Double] = ["paced": wakeups[0]]
        var memoryNumbers: [String: Double] = [
            "pacedRssKB": Double(memory[0].rss), "pacedPssKB": Double(memory[0].pss),
            "pacedAnonymousKB": Double(memory[0].anonymous), "events": Double(written),
        ]
        for index in subjects.indices.dropFirst() {
            numbers[subjects[index].name] = wakeups[index]
            memoryNumbers[subjects[index].name + "RssKB"] = Double(memory[index].rss)
            memoryNumbers[subjects[index].name + "PssKB"] = Double(memory[index].pss)
        }
        let rows = [
            Row(
                figure: "idle wakeups per minute (nothing due, no watchdog)", pace: Format.fixed(wakeups[0], 1),
                comparison: peerWakeups, target: "0", met: wakeups[0] == 0, numbers: numbers),
            Row(
                figure:
                    "idle RSS / PSS after start-up with a year of history (\(Format.count(Double(written))) events)",
                pace: "\(Format.megabytes(kilobytes: memory[0].rss)) / \(Format.megabytes(kilobytes: memory[0].pss))",
                comparison: peerMemory, target: "≤ 10 MB",
                met: memory[0].rss <= 10 * 1024 && memory[0].pss <= 10 * 1024, numbers: memoryNumbers),
        ]
        return (rows, daemon, desktop)
    }

    // MARK: Requests

    /// `GetStatus` round trips against a bare Unix-socket round trip of the same size, in alternating blocks.
    func roundTrips(_ daemon: BenchDaemon) throws -> Row {
        let client = try RawSocket(path: daemon.socketPath)
        let replySize = try client.call(Self.getStatus).count + 1
        let echoPath = root + "/echo.sock"
        let echo = try ChildProcess(echo, [echoPath, String(replySize)], environment: [:], outputDirectory: root)
        defer {
            echo.signal(SIGKILL)
            echo.wait()
        }
        var echoClient: RawSocket?
        for _ in 0..<200 where echoClient == nil {
            echoClient = try? RawSocket(path: echoPath)
            if echoClient == nil { Measure.sleep(seconds: 0.01) }
        }
        guard let echoClient else { throw BenchFailure("the echo server did not start") }
        var paced: [Double] = []
        var raw: [Double] = []
        let block = 250
        for _ in 0..<50 { _ = try client.call(Self.getStatus) }
        for _ in 0..<50 { _ = try echoClient.call(Self.getStatus) }
        while paced.count < sizes.roundTrips {
            for _ in 0..<block {
                let start = Measure.nanoseconds()
                _ = try client.call(Self.getStatus)
                paced.append(Double(Measure.nanoseconds() - start))
            }
            for _ in 0..<block {
                let start = Measure.nanoseconds()
                _ = try echoClient.call(Self.getStatus)
                raw.append(Double(Measure.nanoseconds() - start))
            }
        }
        let (p50, p99) = (Measure.percentile(paced, 0.5), Measure.percentile(paced, 0.99))
        let (r50, r99) = (Measure.percentile(raw, 0.5), Measure.percentile(raw, 0.99))
        log(
            "round trip: GetStatus p50 \(Format.duration(nanoseconds: p50)) p99 \(Format.duration(nanoseconds: p99)); "
                + "C echo (\(replySize)-byte reply) p50 \(Format.duration(nanoseconds: r50)) "
                + "p99 \(Format.duration(nanoseconds: r99))")
        return Row(
            figure: "GetStatus round trip p50 / p99 (\(Format.count(Double(paced.count))) calls)",
            pace: "\(Format.duration(nanoseconds: p50)) / \(Format.duration(nanoseconds: p99))",
            comparison:
                "C echo \(Format.duration(nanoseconds: r50)) / \(Format.duration(nanoseconds: r99))"
                + ": \(Format.ratio(p50 / r50)) / \(Format.ratio(p99 / r99))",
            target: "≤ 3×", met: p50 / r50 <= 3,
            numbers: [
                "p50ns": p50, "p99ns": p99, "rawP50ns": r50, "rawP99ns": r99, "ratioP50": p50 / r50,
                "ratioP99": p99 / r99, "replyBytes": Double(replySize),
            ])
    }

    /// The same round trip measured from a client of its own (Benchmarks/RoundTrip/roundtrip.py: Python, blocking
    /// sockets, nothing of Pace's) against the same C echo, in alternating blocks of 250: what another program sees.
    func independentRoundTrips(_ daemon: BenchDaemon) throws -> Row {
        let figure = "GetStatus round trip from an independent client (Python, blocking) p50 / p99"
        guard let independentClient else {
            return Row(
                figure: figure, pace: "not run", comparison: "needs --independent-client", target: "≤ 3×", met: nil,
                numbers: [:])
        }
        let calls = max(500, sizes.roundTrips / 4)
        let result = try Executables.run(
            "/usr/bin/env",
            ["python3", independentClient, daemon.socketPath, echo, "--calls", String(calls), "--json"],
            environment: ProcessInfo.processInfo.environment)
        struct Measured: Decodable {
            var calls: Int
            var p50ns, p99ns, echoP50ns, echoP99ns: Double
        }
        guard result.status == 0,
            let measured = try? JSONDecoder().decode(Measured.self, from: Data(result.standardOutput.utf8))
        else {
            throw BenchFailure("\(independentClient) failed: \(result.standardError)")
        }
        let (p50, p99, e50, e99) = (measured.p50ns, measured.p99ns, measured.echoP50ns, measured.echoP99ns)
        log(
            "independent round trip: GetStatus p50 \(Format.duration(nanoseconds: p50)) "
                + "p99 \(Format.duration(nanoseconds: p99)); C echo p50 \(Format.duration(nanoseconds: e50)) "
                + "p99 \(Format.duration(nanoseconds: e99))")
        return Row(
            figure: "\(figure) (\(Format.count(Double(measured.calls))) calls)",
            pace: "\(Format.duration(nanoseconds: p50)) / \(Format.duration(nanoseconds: p99))",
            comparison:
                "C echo \(Format.duration(nanoseconds: e50)) / \(Format.duration(nanoseconds: e99))"
                + ": \(Format.ratio(p50 / e50)) / \(Format.ratio(p99 / e99))",
            target: "≤ 3×", met: p50 / e50 <= 3,
            numbers: ["p50ns": p50, "p99ns": p99, "echoP50ns": e50, "echoP99ns": e99, "ratioP50": p50 / e50])
    }

    /// `GetStatus` calls per second with `connections` clients, each with `depth` calls outstanding (Varlink lets
    /// a client send calls without waiting; the replies come in order).
    func throughput(_ daemon: BenchDaemon, connections count: Int, depth: Int = 1) throws -> Double {
        let clients = try (0..<count).map { _ in try RawSocket(path: daemon.socketPath) }
        for client in clients { _ = try client.call(Self.getStatus) }
        var polls = clients.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
        for client in clients { for _ in 0..<depth { try client.send(Self.getStatus) } }
        var completed = 0
        let start = Measure.nanoseconds()
        let deadline = start + Int64(sizes.throughputSeconds * 1e9)
        var now = start
        while now < deadline {
            guard poll(&polls, nfds_t(polls.count), 1000) > 0 else { throw BenchFailure("paced stopped answering") }
            for index in polls.indices where polls[index].revents != 0 {
                guard let replies = clients[index].receiveAvailable() else { throw BenchFailure("paced hung up") }
                completed += replies
                for _ in 0..<replies { try clients[index].send(Self.getStatus) }
            }
            now = Measure.nanoseconds()
        }
        return Double(completed) / (Double(now - start) / 1e9)
    }

    func throughputRow(_ daemon: BenchDaemon) throws -> Row {
        let sequential = try throughput(daemon, connections: 1)
        let one = try throughput(daemon, connections: 1, depth: 32)
        let many = try throughput(daemon, connections: 32)
        log(
            "throughput: GetStatus \(Format.count(one))/s on 1 connection (32 calls in flight; "
                + "\(Format.count(sequential))/s one at a time), \(Format.count(many))/s on 32 connections")
        return Row(
            figure: "GetStatus requests per second, 1 connection (32 in flight) / 32 connections (1 each)",
            pace: "\(Format.count(one)) / \(Format.count(many))",
            comparison: "1 connection, 1 call at a time: \(Format.count(sequential))/s (1 / round trip)",
            target: "≥ 20,000", met: one >= 20_000 && many >= 20_000,
            numbers: ["oneConnection": one, "oneConnectionSequential": sequential, "thirtyTwoConnections": many])
    }

    /// Resident memory before and after `growthRequests` requests (clients connecting, calling, leaving).
    func memoryGrowth(_ daemon: BenchDaemon) throws -> Row {
        let calls: [[UInt8]] = [
            Self.getStatus,
            Array(#"{"method":"io.pace.Daemon.ListActivityKinds"}"#.utf8) + [0],
            Array(#"{"method":"io.pace.Daemon.ExplainBudget"}"#.utf8) + [0],
            Array(#"{"method":"io.pace.Daemon.GetHealth"}"#.utf8) + [0],
            Array(#"{"method":"io.pace.Daemon.NoSuchMethod"}"#.utf8) + [0],
        ]
        func run(_ requests: Int) throws {
            var sent = 0
            while sent < requests {
                let client = try RawSocket(path: daemon.socketPath)
                for index in 0..<min(100, requests - sent) {
                    // Mostly status, now and then something else, as clients do.
                    _ = try client.call(index % 10 == 9 ? calls[1 + (sent / 100 + index) % 4] : calls[0])
                }
                sent += 100
            }
        }
        try run(max(1_000, sizes.growthRequests / 10))
        Measure.sleep(seconds: 0.5)
        let before = ProcessProbe.memory([daemon.pid])
        try run(sizes.growthRequests)
        Measure.sleep(seconds: 0.5)
        let after = ProcessProbe.memory([daemon.pid])
        let growth = after.rss - before.rss
        log(
            "memory growth: RSS \(Format.megabytes(kilobytes: before.rss)) → \(Format.megabytes(kilobytes: after.rss)), "
                + "anonymous \(Format.megabytes(kilobytes: before.anonymous)) → "
                + "\(Format.megabytes(kilobytes: after.anonymous))")
        return Row(
            figure: "memory growth over \(Format.count(Double(sizes.growthRequests))) requests "
                + "(\(Format.count(Double(sizes.growthRequests / 100))) connections; RSS, anonymous)",
            pace: "\(growth) kB, \(after.anonymous - before.anonymous) kB", comparison: "–", target: "≤ 1 MB",
            met: growth <= 1024,
            numbers: [
                "rssBeforeKB": Double(before.rss), "rssAfterKB": Double(after.rss),
                "anonymousBeforeKB": Double(before.anonymous), "anonymousAfterKB": Double(after.anonymous),
            ])
    }

    /// A `LogActivity` request for one minute of stretching, `minutesAfterBase` minutes after 16 hours ago.
    static func logActivity(minutesAfterBase: Int) -> [UInt8] {
        let base = Int64(time(nil)) * 1000 - 16 * 3_600_000
        let start = Instant(millisecondsSinceEpoch: base + Int64(minutesAfterBase) * 60_000).rfc3339
        return Array(
            #"{"method":"io.pace.Daemon.LogActivity","parameters":{"kind":"stretching","startedAt":"\#(start)","durationSeconds":60,"intensity":"light","confirmed":true}}"#
                .utf8) + [0]
    }

    /// `LogActivity` through the daemon (core, append, fdatasync, apply, reply) against `pwrite` + `fdatasync` of
    /// the same number of bytes on the same file system, and against the C echo server doing that `pwrite` +
    /// `fdatasync` before it answers the same request (the floor for any server that acknowledges a durable write:
    /// the same disk work, plus the two wake-ups of a call and its reply), in alternating blocks.
    func acknowledgedWrite(_ daemon: BenchDaemon) throws -> Row {
        let client = try RawSocket(path: daemon.socketPath)
        // Each entry a minute of its own, as a person's entries are (the same minute again and again would measure
        // the overlap rule, which counts shared minutes once, not a write).
        var minute = 0
        func nextRequest() -> [UInt8] {
            minute += 1
            return Self.logActivity(minutesAfterBase: minute)
        }
        var request = nextRequest()
        func logSize() -> Int {
            ((try? Syscall.directoryEntries(daemon.logDirectory)) ?? []).filter { $0.hasSuffix(".log") }.reduce(0) {
                var status = stat()
                return $0 + (stat(daemon.logDirectory + "/" + $1, &status) == 0 ? Int(status.st_size) : 0)
            }
        }
        let reply = try client.call(request)
        request = nextRequest()
        guard !String(decoding: reply, as: UTF8.self).contains("\"error\"") else {
            throw BenchFailure("LogActivity failed: \(String(decoding: reply, as: UTF8.self))")
        }
        let sizeBefore = logSize()
        for _ in 0..<5 { _ = try client.call(nextRequest()) }
        daemon.drainNotifications()
        let recordBytes = max(1, (logSize() - sizeBefore) / 5)
        let rawPath = root + "/raw-writes"
        let raw = open(rawPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard raw >= 0 else { throw BenchFailure("cannot create \(rawPath)") }
        defer { close(raw) }
        let bytes = [UInt8](repeating: 0x41, count: recordBytes)
        var offset: off_t = 0
        func rawWrite() throws {
            let written = bytes.withUnsafeBytes { pwrite(raw, $0.baseAddress, $0.count, offset) }
            guard written == recordBytes, fdatasync(raw) == 0 else { throw BenchFailure("raw write: errno \(errno)") }
            offset += off_t(recordBytes)
        }
        for _ in 0..<5 { try rawWrite() }
        let serverPath = root + "/durable-echo.sock"
        let server = try ChildProcess(
            echo, [serverPath, String(reply.count), root + "/server-writes", String(recordBytes)], environment: [:],
            outputDirectory: root)
        defer {
            server.signal(SIGKILL)
            server.wait()
        }
        var serverClient: RawSocket?
        for _ in 0..<200 where serverClient == nil {
            serverClient = try? RawSocket(path: serverPath)
            if serverClient == nil { Measure.sleep(seconds: 0.01) }
        }
        guard let serverClient else { throw BenchFailure("the C echo server (durable) did not start") }
        for _ in 0..<5 { _ = try serverClient.call(request) }
        var acknowledged: [Double] = []
        var plain: [Double] = []
        var floor: [Double] = []
        while acknowledged.count < sizes.writes {
            for _ in 0..<10 {
                let request = nextRequest()
                let begin = Measure.nanoseconds()
                _ = try client.call(request)
                acknowledged.append(Double(Measure.nanoseconds() - begin))
            }
            daemon.drainNotifications()
            for _ in 0..<10 {
                let begin = Measure.nanoseconds()
                try rawWrite()
                plain.append(Double(Measure.nanoseconds() - begin))
            }
            for _ in 0..<10 {
                let begin = Measure.nanoseconds()
                _ = try serverClient.call(request)
                floor.append(Double(Measure.nanoseconds() - begin))
            }
        }
        let (a, r, f) = (Measure.median(acknowledged), Measure.median(plain), Measure.median(floor))
        let (am, rm) = (Measure.mean(acknowledged), Measure.mean(plain))
        log(
            "write: LogActivity median \(Format.duration(nanoseconds: a)), mean \(Format.duration(nanoseconds: am)); "
                + "raw \(recordBytes)-byte pwrite + fdatasync median \(Format.duration(nanoseconds: r)), "
                + "mean \(Format.duration(nanoseconds: rm)); the C echo server doing the same before it answers, "
                + "median \(Format.duration(nanoseconds: f))")
        return Row(
            figure: "acknowledged write (LogActivity), median (mean)",
            pace: "\(Format.duration(nanoseconds: a)) (\(Format.duration(nanoseconds: am)))",
            comparison: "pwrite + fdatasync of the same \(recordBytes) bytes \(Format.duration(nanoseconds: r)) "
                + "(\(Format.duration(nanoseconds: rm))): \(Format.ratio(a / r)) (\(Format.ratio(am / rm))); "
                + "a C server doing it before answering \(Format.duration(nanoseconds: f)) "
                + "(\(Format.ratio(f / r)) raw; paced \(Format.ratio(a / f)) of it)",
            target: "≤ 1.3×", met: a / r <= 1.3,
            numbers: [
                "medianNs": a, "meanNs": am, "rawMedianNs": r, "rawMeanNs": rm, "ratioMedian": a / r,
                "ratioMean": am / rm, "recordBytes": Double(recordBytes), "serverFloorMedianNs": f,
                "serverFloorRatio": f / r, "ratioToServerFloor": a / f,
            ])
    }

    /// `pace status` from exec to exit, against Timewarrior's `timew` (a year of intervals, one running) and
    /// `/bin/true`, taking turns.
    func wholeProcess(_ daemon: BenchDaemon) throws -> Row {
        // Like for like: both have a year of history and something running.
        let client = try RawSocket(path: daemon.socketPath)
        _ = try client.call(
            Array(#"{"method":"io.pace.Daemon.StartActivity","parameters":{"kind":"walk"}}"#.utf8) + [0])
        var commands: [(argv: [String], environment: [String: String])] = [
            ([binDirectory + "/pace", "status"], daemon.environment), (["/bin/true"], [:]),
        ]
        let timew = "/usr/bin/timew"
        let hasTimew = access(timew, X_OK) == 0
        if hasTimew {
            let database = try TimewarriorData.write(into: root + "/timew", days: sizes.yearDays, today: today)
            commands.append(([timew], ["TIMEWARRIORDB": database, "HOME": root + "/timew", "PATH": "/usr/bin:/bin"]))
            let (_, status) = try WholeProcess.run([timew], environment: commands[2].environment)
            guard status == 0 else { throw BenchFailure("timew exited with \(status) (no running interval?)") }
        }
        let (_, status) = try WholeProcess.run(commands[0].argv, environment: commands[0].environment)
        guard status == 0 else { throw BenchFailure("pace status exited with \(status)") }
        let times = try WholeProcess.compare(commands, runs: sizes.processRuns, warmup: min(5, sizes.processRuns))
        let medians = times.map(Measure.median)
        let means = times.map(Measure.mean)
        log(
            "whole process: pace status \(Format.duration(nanoseconds: medians[0])), /bin/true "
                + "\(Format.duration(nanoseconds: medians[1]))"
                + (hasTimew ? ", timew \(Format.duration(nanoseconds: medians[2]))" : ", timew not installed"))
        var numbers = ["paceMedianNs": medians[0], "paceMeanNs": means[0], "trueMedianNs": medians[1]]
        var comparison =
            "/bin/true \(Format.duration(nanoseconds: medians[1])) (\(Format.ratio(medians[0] / medians[1])))"
        var met: Bool?
        if hasTimew {
            numbers["timewMedianNs"] = medians[2]
            numbers["ratioTimew"] = medians[0] / medians[2]
            comparison =
                "timew \(Format.duration(nanoseconds: medians[2])): \(Format.ratio(medians[0] / medians[2])); "
                + comparison
            met = medians[0] <= medians[2]
        }
        return Row(
            figure: "`pace status`, whole process, median of \(sizes.processRuns)",
            pace: Format.duration(nanoseconds: medians[0]), comparison: comparison, target: "≤ 1.0× timew",
            met: met, numbers: numbers)
    }

    // MARK: Start-up and replay

    /// `paced` from exec to `READY=1` with a large log: as it normally starts (a snapshot near the end of the
    /// log), and without a snapshot (the first start after an upgrade, or a damaged snapshot).
    func startup(directory: String = "startup") throws -> Row {
        let daemon = try BenchDaemon(root: root + "/" + directory, executable: binDirectory + "/paced")
        let written = try History.write(
            count: sizes.startupEvents, into: daemon.logDirectory, boutsPerDay: 14...20, today: today)
        var cold: [Double] = []
        var warm: [Double] = []
        for _ in 0..<max(1, sizes.startupRepeats / 2) {
            daemon.removeSnapshot()
            cold.append(try daemon.start())
            daemon.stop()
        }
        for _ in 0..<sizes.startupRepeats {
            warm.append(try daemon.start())
            daemon.stop()
        }
        let (w, c) = (Measure.median(warm), Measure.median(cold))
        log(
            "start-up: \(Format.count(Double(written))) events, with the snapshot \(Format.duration(nanoseconds: w)), "
                + "replaying everything \(Format.duration(nanoseconds: c))")
        return Row(
            figure: "start-up to READY=1 with \(Format.count(Double(written))) events (snapshot / full replay)",
            pace: "\(Format.duration(nanoseconds: w)) / \(Format.duration(nanoseconds: c))", comparison: "–",
            target: "≤ 100 ms", met: w <= 100e6 && c <= 100e6,
            numbers: ["withSnapshotNs": w, "fullReplayNs": c, "events": Double(written)])
    }

    /// The daemon's own replay (read, check, decode, apply) of a large log, in this process, and its parts.
    mutating func replay(directory name: String = "replay") throws -> Row {
        let directory = root + "/" + name
        mkdir(directory, 0o700)
        let written = try History.write(
            count: sizes.replayEvents, into: directory + "/log", boutsPerDay: 24...34, today: today)
        var totals: [Double] = []
        var outcome: LogReplay.Outcome?
        for _ in 0..<sizes.replayRepeats {
            let start = Measure.nanoseconds()
            let (log, _) = try EventLog.open(directory: directory + "/log", access: .readOnly)
            // As the daemon replays: weeks before the last eight are folded without checkpoints.
            let recentFrom = Instant(millisecondsSinceEpoch: Int64(time(nil)) * 1000 - 8 * 7 * 86_400_000)
            var ledger = Ledger(settings: PaceSettings(), recentFrom: recentFrom)
            outcome = LogReplay.replay(log, into: &ledger)
            totals.append(Double(Measure.nanoseconds() - start))
        }
        guard let outcome, outcome.replayed == written else {
            throw BenchFailure("replayed \(outcome?.replayed ?? 0) of \(written) events")
        }
        // The parts: reading the log, decoding the events, applying them.
        let readStart = Measure.nanoseconds()
        let (log, _) = try EventLog.open(directory: directory + "/log", access: .readOnly)
        var reader = log.reader()
        var payloads: [[UInt8]] = []
        payloads.reserveCapacity(written)
        while let record = try reader.next() { payloads.append(Array(record.payload)) }
        let read = Double(Measure.nanoseconds() - readStart)
        let decodeStart = Measure.nanoseconds()
        let events = try payloads.map { try LogReplay.decode($0) }
        let decode = Double(Measure.nanoseconds() - decodeStart)
        let applyStart = Measure.nanoseconds()
        var state = PaceState()
        for event in events { try state.apply(event) }
        let apply = Double(Measure.nanoseconds() - applyStart)
        let total = Measure.median(totals)
        let perEvent = total / Double(written)
        notes.append(
            "Replay of \(Format.count(Double(written))) events, by part: open and read the log "
                + "\(Format.duration(nanoseconds: read)), decode \(Format.duration(nanoseconds: decode)) "
                + "(\(Format.duration(nanoseconds: decode / Double(written))) an event), apply "
                + "\(Format.duration(nanoseconds: apply)).")
        self.log(
            "replay: \(Format.count(Double(written))) events in \(Format.duration(nanoseconds: total)); "
                + notes.last!)
        return Row(
            figure: "full replay of \(Format.count(Double(written))) events (read, decode, apply)",
            pace: Format.duration(nanoseconds: total),
            comparison: "\(Format.duration(nanoseconds: perEvent)) an event", target: "≤ 1 s",
            met: total <= 1e9 * Double(written) / 1e6,
            numbers: [
                "totalNs": total, "readNs": read, "decodeNs": decode, "applyNs": apply, "events": Double(written),
            ])
    }
}

/// A Timewarrior database with a year of intervals and one running, like Pace's history.
enum TimewarriorData {
    static func write(into directory: String, days: Int, today: CivilDate) throws -> String {
        mkdir(directory, 0o700)
        mkdir(directory + "/data", 0o700)
        try Files.write([], to: directory + "/timewarrior.cfg")
        var months: [String: [String]] = [:]
        var random = SplitMix(seed: 7)
        func stamp(_ date: CivilDate, _ minutes: Int) -> String {
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(date.year)\(two(date.month))\(two(date.day))T\(two(minutes / 60))\(two(minutes % 60))00Z"
        }
        let tags = ["walk", "housework", "cooking", "cognitive", "yoga"]
        for index in 0..<days {
            let date = today.adding(days: index - days)
            var minute = 8 * 60
            for _ in 0..<random.int(3...6) {
                let start = minute + random.int(0...60)
                let end = start + random.int(8...35)
                let key = "\(date.year)-\(date.month < 10 ? "0" : "")\(date.month)"
                months[key, default: []].append(
                    "inc \(stamp(date, start)) - \(stamp(date, end)) # \(tags[random.int(0...4)])")
                minute = end + 90
            }
        }
        let running = Instant(millisecondsSinceEpoch: Int64(time(nil) - 600) * 1000)
        let now = CivilDate(daysSinceEpoch: running.secondsSinceEpoch / 86_400)
        let minute = Int(running.secondsSinceEpoch % 86_400) / 60
        let key = "\(now.year)-\(now.month < 10 ? "0" : "")\(now.month)"
        months[key, default: []].append("inc \(stamp(now, minute)) # walk")
        for (month, lines) in months {
            try Files.write(Array((lines.joined(separator: "\n") + "\n").utf8), to: "\(directory)/data/\(month).data")
        }
        return directory
    }
}
