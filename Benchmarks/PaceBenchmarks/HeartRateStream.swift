import FoundationEssentials
import Glibc
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport

extension Benchmarks {
    /// The heart-rate stream (issue 15): a real `paced` with `[heart_rate]` set, reading the fake BlueZ
    /// (`Tests/DBus/test_bluez.py`, so this needs python3 with dbus and gi) on a private system bus.
    ///
    /// - CPU: one Heart Rate Measurement notification a second, as a sensor sends them, for ``Sizes/heartRateSeconds``;
    ///   paced's CPU time (every thread's `/proc/PID/task/*/schedstat`) per minute of stream, and its context
    ///   switches per notification; beside it, the same window without notifications.
    /// - Memory: a day at 1 Hz pushed fast: 60 readings, then the daemon's test clock (`PACE_TEST_HOOKS`) one minute
    ///   on, ``Sizes/heartRateMinutes`` times; paced's RSS after the first hour and at the end.
    ///
    /// Rows left out (with a note) when the fake cannot run.
    mutating func heartRateStream() throws -> [Row] {
        guard TestBlueZ.isAvailable else {
            notes.append("The heart-rate rows need python3 with dbus and gi (the fake BlueZ); not measured.")
            return []
        }
        let directory = root + "/heart-rate"
        mkdir(directory, 0o700)
        let system = try PrivateBus(in: directory, name: "system-bus", kind: "system")
        let bluez = try TestBlueZ(on: system, in: directory, connected: true)
        let clock = TestClock(path: directory + "/clock-offset")
        try clock.start(at: TestClock.machineMilliseconds())
        let daemon = try BenchDaemon(
            root: directory + "/daemon", executable: binDirectory + "/paced",
            extraEnvironment: clock.environment.merging(["DBUS_SYSTEM_BUS_ADDRESS": system.address]) { $1 })
        mkdir(daemon.root + "/config/pace", 0o700)
        try Files.write(
            Array("[heart_rate]\ndevice = \"\(TestBlueZ.sensorAddress)\"\nthreshold = 110\nresting = 60\n".utf8),
            to: daemon.root + "/config/pace/config.toml")
        try daemon.start()
        defer {
            daemon.stop()
            bluez.stop()
            system.stop()
        }
        // The fake offers a socket for the notifications (`AcquireNotify`), as BlueZ 5.46 and later do; paced takes it
        // where it knows how, and reads `PropertiesChanged` signals otherwise (`StartNotify`).
        func switchedOn() -> [String] {
            (try? bluez.calls())?.filter { $0.hasPrefix("AcquireNotify") || $0.hasPrefix("StartNotify") } ?? []
        }
        guard poll(timeoutMilliseconds: 30_000, { !switchedOn().isEmpty }) else {
            throw BenchFailure("paced did not switch the fake sensor's notifications on: \(daemon.standardError)")
        }
        let ask = Array(#"{"method":"io.pace.Daemon.GetHeartRate"}"#.utf8) + [0]
        /// Waits until paced has read the reading of `rate` (a connection each time: paced closes one idle a minute).
        func read(_ rate: Int) throws {
            let marker = Array("\"beatsPerMinute\":\(rate),".utf8)
            let client = try RawSocket(path: daemon.socketPath)
            guard poll(timeoutMilliseconds: 30_000, { (try? client.call(ask)).map { contains($0, marker) } ?? false })
            else { throw BenchFailure("paced did not read \(rate) bpm: \(daemon.standardError)") }
        }
        try bluez.notify([0x06, 61])
        try read(61)
        // A reading a minute on (the test clock), so that minute is finished: the stream's directory and this
        // month's file are made now, once, as on the first minute a sensor is ever read (or of a month), and the
        // windows below measure the stream as it runs, one record appended a minute.
        try clock.advance(seconds: 60)
        let streamDirectory = daemon.stateDirectory + "/heart-rate"
        func appended() -> Bool {
            (try? Syscall.directoryEntries(streamDirectory))?.contains { $0.hasSuffix(".hrm") } ?? false
        }
        // Again until paced has followed the clock and a reading finished the minute.
        var attempts = 0
        repeat {
            try bluez.notify([0x06, 62])
            attempts += 1
        } while !poll(timeoutMilliseconds: 2000, appended) && attempts < 15
        guard appended() else {
            throw BenchFailure("paced did not append the first heart-rate minute: \(daemon.standardError)")
        }
        try read(62)
        Measure.sleep(seconds: sizes.settleSeconds)

        // The same window without readings, then with one a second. The stream runs a few seconds before its window
        // opens, so the window sees a stream under way, as a sensor worn all day gives it, not its first reading
        // after a quiet minute (whose code a machine short of memory may have paged out meanwhile: this virtual
        // machine's DAMON pages out what went untouched for a minute). The window opens and closes half-way between
        // two readings, so it holds exactly `heartRateSeconds` of them.
        let tasks = ProcessProbe.tree(daemon.pid)
        let warmUpSeconds = 5
        func window(notifying: Bool) throws -> (
            cpu: Double, switches: [String: ProcessProbe.Switches], seconds: Double
        ) {
            // The fake sends them from its own loop (`Stream`, the first a second after the call): no bus client comes
            // and goes for each reading.
            if notifying {
                try busctl(
                    system.address,
                    [
                        "call", "org.bluez", "/", "io.pace.Test", "Stream", "ayu", "4", "22", "72", "0", "4",
                        "\(sizes.heartRateSeconds + warmUpSeconds + 2)",
                    ])
                Measure.sleep(seconds: Double(warmUpSeconds) + 0.5)
            }
            let cpu = ProcessProbe.cpuNanoseconds(daemon.pid)
            let switches = ProcessProbe.contextSwitches(tasks)
            let begin = Measure.nanoseconds()
            Measure.sleep(seconds: Double(sizes.heartRateSeconds))
            let result = (
                Double(ProcessProbe.cpuNanoseconds(daemon.pid) - cpu),
                ProcessProbe.contextSwitches(tasks).reduce(into: [:]) {
                    $0[$1.key] = $1.value - (switches[$1.key] ?? .init())
                },
                Double(Measure.nanoseconds() - begin) / 1e9
            )
            if notifying { Measure.sleep(seconds: 3) }
            return result
        }
        let quiet = try window(notifying: false)
        let stream = try window(notifying: true)
        // A refused socket is followed by `StartNotify`: the last call says how the readings came.
        let onSocket = switchedOn().last?.hasPrefix("AcquireNotify") == true
        let way = onSocket ? "on BlueZ's notification socket" : "as D-Bus signals"
        let perMinute = stream.cpu / (stream.seconds / 60)
        let quietPerMinute = quiet.cpu / (quiet.seconds / 60)
        let readings = Double(sizes.heartRateSeconds)
        let switches = stream.switches.values.reduce(ProcessProbe.Switches(), +)
        // A wakeup is a voluntary switch: the thread slept and was woken (by a reading, a timer, a disk write it
        // waited for). An involuntary one is the scheduler giving a running thread's CPU to another task.
        let perNotification = Double(switches.voluntary) / readings
        let involuntaryPerNotification = Double(switches.involuntary) / readings
        let byThread = stream.switches.sorted { $0.key < $1.key }.filter { $0.value.total > 0 }
            .map { "\($0.key) \($0.value.voluntary)+\($0.value.involuntary)" }.joined(separator: ", ")
        log(
            "heart rate: \(sizes.heartRateSeconds) readings at 1 Hz: paced \(Format.duration(nanoseconds: perMinute)) "
                + "of CPU a minute, \(Format.fixed(perNotification, 2)) wakeups (voluntary switches) and "
                + "\(Format.fixed(involuntaryPerNotification, 2)) involuntary switches a reading (by thread, "
                + "voluntary+involuntary: \(byThread)); without readings "
                + "\(Format.duration(nanoseconds: quietPerMinute)) a minute; readings \(way)")

        // A day at 1 Hz, pushed fast through the fake and the daemon's test clock: mostly at rest, with half an hour
        // of effort every three hours (a sensed bout each, and its question).
        var rssAfterHour = 0
        var rssAtHalf = 0
        // Anonymous memory beside RSS: RSS also counts the binary's code as it is first run (the first sensed bout,
        // its question), which is paged in once, not grown.
        var anonymousAfterHour = 0
        var anonymousAtHalf = 0
        for minute in 0..<sizes.heartRateMinutes {
            let base = minute % 180 < 30 ? 95 : 64
            try bluez.notify(each: (0..<60).map { [0x06, UInt8(base + $0 % 5)] })
            try clock.advance(seconds: 60)
            if minute == min(59, sizes.heartRateMinutes / 2) {
                try bluez.notify([0x06, 131])
                try read(131)
                let memory = ProcessProbe.memory(tasks)
                (rssAfterHour, anonymousAfterHour) = (memory.rss, memory.anonymous)
            }
            if minute == sizes.heartRateMinutes / 2 {
                try bluez.notify([0x06, 133])
                try read(133)
                let memory = ProcessProbe.memory(tasks)
                (rssAtHalf, anonymousAtHalf) = (memory.rss, memory.anonymous)
            }
        }
        try bluez.notify([0x06, 132])
        try read(132)
        let memory = ProcessProbe.memory(tasks)
        let (rssAtEnd, anonymousAtEnd) = (memory.rss, memory.anonymous)
        // The second half of the day against the first: memory that settles grows in the first half only; what
        // grows with the readings grows in both.
        let growth = rssAtEnd - rssAtHalf
        log(
            "heart rate: a day of \(sizes.heartRateMinutes * 60) readings pushed fast: RSS "
                + "\(Format.megabytes(kilobytes: rssAfterHour)) after the first hour, "
                + "\(Format.megabytes(kilobytes: rssAtHalf)) at half the day, \(Format.megabytes(kilobytes: rssAtEnd)) "
                + "at the end; anonymous \(Format.megabytes(kilobytes: anonymousAfterHour)), "
                + "\(Format.megabytes(kilobytes: anonymousAtHalf)), \(Format.megabytes(kilobytes: anonymousAtEnd))")
        return [
            Row(
                figure: "heart rate at 1 Hz (\(sizes.heartRateSeconds) readings from the fake BlueZ): paced CPU a "
                    + "minute, wakeups a reading",
                pace: "\(Format.duration(nanoseconds: perMinute)), \(Format.fixed(perNotification, 2))",
                comparison: "same window without readings: \(Format.duration(nanoseconds: quietPerMinute)) a minute; "
                    + "involuntary switches a reading (preempted): \(Format.fixed(involuntaryPerNotification, 2)); "
                    + "readings \(way)",
                target: "≤ 5 ms, ≤ 1", met: perMinute <= 5e6 && perNotification <= 1,
                numbers: [
                    "cpuNanosecondsPerMinute": perMinute, "quietCpuNanosecondsPerMinute": quietPerMinute,
                    "wakeupsPerReading": perNotification,
                    "involuntarySwitchesPerReading": involuntaryPerNotification, "readingsOnSocket": onSocket ? 1 : 0,
                ]),
            Row(
                figure: "RSS growth over the second half of a simulated day at 1 Hz "
                    + "(\(Format.count(Double(sizes.heartRateMinutes * 60))) readings pushed fast)",
                pace: "\(growth) kB",
                comparison: "first half, after its first hour: \(rssAtHalf - rssAfterHour) kB (anonymous: "
                    + "\(anonymousAtHalf - anonymousAfterHour) kB, then \(anonymousAtEnd - anonymousAtHalf) kB)",
                target: "≤ 100 kB",
                met: growth <= 100,
                numbers: [
                    "rssGrowthKB": Double(growth), "rssFirstHalfGrowthKB": Double(rssAtHalf - rssAfterHour),
                    "rssKB": Double(rssAtEnd),
                    "anonymousFirstHalfGrowthKB": Double(anonymousAtHalf - anonymousAfterHour),
                    "anonymousGrowthKB": Double(anonymousAtEnd - anonymousAtHalf),
                ]),
        ]
    }
}

extension Benchmarks {
    /// Start-up to `READY=1` with a year of heart-rate minutes stored (one a minute, all day: the most a year at 1 Hz
    /// leaves, 525,600 minutes, 8.4 MB) and the usual year of events, against the same daemon and events without
    /// them. Both have `[heart_rate] device` set and nothing else, so the resting heart rate is learned from the
    /// stream at start (the case that reads it); neither has a system bus, so no sensor is found. Beside the times,
    /// the bytes each start read (`rchar` of `/proc/PID/io` at `READY=1`): what the stream adds to them shows that
    /// start-up reads the minutes it needs, not the stream.
    func heartRateStartup() throws -> Row {
        func daemon(_ name: String, minutes: Int) throws -> BenchDaemon {
            let daemon = try BenchDaemon(
                root: root + "/heart-rate-startup-" + name, executable: binDirectory + "/paced")
            try History.write(
                count: sizes.yearDays * 40, into: daemon.logDirectory, today: today, days: sizes.yearDays)
            mkdir(daemon.root + "/config/pace", 0o700)
            try Files.write(
                Array("[heart_rate]\ndevice = \"\(TestBlueZ.sensorAddress)\"\n".utf8),
                to: daemon.root + "/config/pace/config.toml")
            guard minutes > 0 else { return daemon }
            // Minutes up to the last one before now, resting with an hour of effort every six; mostly one
            // reading a second.
            let stream = HeartRateStream(stateDirectory: daemon.stateDirectory)
            let last = Int64(time(nil)) / 60 - 1
            var batch: [HeartRateMinute] = []
            batch.reserveCapacity(1440)
            for minute in (last - Int64(minutes) + 1)...last {
                let effort = minute % 360 < 60
                let mean = (effort ? 100 : 62) + Int(minute % 7)
                batch.append(
                    HeartRateMinute(
                        minute: minute, minimum: mean - 4, maximum: mean + 5, mean: mean, samples: 60,
                        samplesAbove: effort ? 20 : 0, contactLost: 0, threshold: 0))
                if batch.count == 1440 {
                    try stream.append(contentsOf: batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try stream.append(contentsOf: batch)
            return daemon
        }
        let minutes = sizes.yearDays * 1440
        let with = try daemon("with", minutes: minutes)
        let without = try daemon("without", minutes: 0)
        // The first start of each replays the log and writes the snapshot; the starts measured then alternate.
        for daemon in [with, without] {
            try daemon.start()
            daemon.stop()
        }
        var times: (with: [Double], without: [Double]) = ([], [])
        var reads: (with: [Double], without: [Double]) = ([], [])
        func bytesRead(_ pid: Int32) -> Double {
            let text = ProcessProbe.readFile("/proc/\(pid)/io") ?? ""
            let line = text.split(separator: "\n").first { $0.hasPrefix("rchar:") }
            return Double(line?.split(separator: " ").last ?? "") ?? 0
        }
        for _ in 0..<sizes.startupRepeats {
            times.with.append(try with.start())
            reads.with.append(bytesRead(with.pid))
            with.stop()
            times.without.append(try without.start())
            reads.without.append(bytesRead(without.pid))
            without.stop()
        }
        let (w, o) = (Measure.median(times.with), Measure.median(times.without))
        let extra = Measure.median(reads.with) - Measure.median(reads.without)
        let streamBytes = Double(minutes * HeartRateStream.recordSize)
        log(
            "heart rate: start-up with \(Format.count(Double(minutes))) minutes stored "
                + "\(Format.duration(nanoseconds: w)), without \(Format.duration(nanoseconds: o)); the stream's "
                + "\(Format.fixed(streamBytes / 1e6, 1)) MB added \(Format.fixed(extra / 1e3, 0)) kB to what start-up read"
        )
        return Row(
            figure: "start-up to READY=1 with a year of 1 Hz heart-rate minutes (\(Format.count(Double(minutes))), "
                + "\(Format.fixed(streamBytes / 1e6, 1)) MB) beside a year of events",
            pace: "\(Format.duration(nanoseconds: w)), reading \(Format.fixed(extra / 1e3, 0)) kB of it",
            comparison: "the same start without them: \(Format.duration(nanoseconds: o)) (\(Format.ratio(w / o)))",
            target: "≤ 100 ms", met: w <= 100e6,
            numbers: [
                "withStreamNs": w, "withoutStreamNs": o, "streamMinutes": Double(minutes),
                "extraBytesRead": extra,
            ])
    }
}

/// Whether `bytes` holds `part`.
private func contains(_ bytes: ArraySlice<UInt8>, _ part: [UInt8]) -> Bool {
    guard bytes.count >= part.count else { return false }
    var index = bytes.startIndex
    while index <= bytes.endIndex - part.count {
        if bytes[index..<index + part.count].elementsEqual(part) { return true }
        index += 1
    }
    return false
}
