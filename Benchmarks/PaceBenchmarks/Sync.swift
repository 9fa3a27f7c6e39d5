import FoundationEssentials
import Glibc
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport

/// The sync folder (issue 18, docs/sync.md): merging another device's year at start, a new event from another
/// device, ten devices of ten years, and idle wakeups with sync on.
extension Benchmarks {
    /// A daemon syncing through `folder`, with `ownDays` days of its own history (ending yesterday).
    func syncDaemon(_ name: String, folder: String, ownEvents: Int) throws -> BenchDaemon {
        let daemon = try BenchDaemon(root: root + "/" + name, executable: binDirectory + "/paced")
        mkdir(daemon.root + "/config/pace", 0o700)
        let config =
            "[reminders]\nmorning_checkin = \"off\"\nevening_checkin = \"off\"\n\n[sync]\nfolder = \"\(folder)\"\n"
        try Files.write(Array(config.utf8), to: daemon.root + "/config/pace/config.toml")
        try History.write(count: ownEvents, into: daemon.logDirectory, today: today)
        return daemon
    }

    /// Another device's folder in `folder`, holding `count` events of its own history: a history with another
    /// day's rhythm (`shift` days earlier, busier), so no event is one the daemon holds.
    func foreignDevice(in folder: String, count: Int, shift: Int) throws -> String {
        let directory = folder + "/devices/" + DeviceID.random().description
        try History.write(
            count: count, into: directory, boutsPerDay: (4 + shift % 3)...(7 + shift % 3),
            today: today.adding(days: -shift))
        return directory
    }

    /// How many records the daemon's log holds (`GetHealth`).
    static func records(_ client: RawSocket) throws -> Int {
        let reply = try client.call(Array(#"{"method":"io.pace.Daemon.GetHealth"}"#.utf8) + [0])
        let key = Array(#""records":"#.utf8)
        guard
            let start = (0...(reply.count - key.count)).first(where: { reply[$0..<($0 + key.count)].elementsEqual(key) }
            )
        else { throw BenchFailure("no records in GetHealth's reply") }
        return Int(String(decoding: reply[(start + key.count)...].prefix { (48...57).contains($0) }, as: UTF8.self))
            ?? 0
    }

    mutating func sync() throws -> [Row] {
        var rows: [Row] = []
        let yearEvents = sizes.yearDays * 20

        // 1. Another device's year, merged at the first start with sync on, against the same start without it.
        let shared = root + "/sync-shared"
        mkdir(shared, 0o700)
        let daemon = try syncDaemon("sync-a", folder: shared, ownEvents: yearEvents)
        var plain: [Double] = []
        var merging: [Double] = []
        let config = daemon.root + "/config/pace/config.toml"
        let synced = try Files.read(config)
        for round in 0..<max(1, sizes.startupRepeats / 2) {
            // Without the folder: the baseline.
            try Files.write(Array("[reminders]\nmorning_checkin = \"off\"\n".utf8), to: config)
            daemon.removeSnapshot()
            plain.append(try daemon.start())
            daemon.stop()
            // With it, merging the other device's year for the first time (a fresh log each round).
            try Files.write(synced, to: config)
            _ = try foreignDevice(in: shared, count: yearEvents, shift: 400 + round)
            try? FileManager.default.removeItem(atPath: daemon.logDirectory)
            try History.write(count: yearEvents, into: daemon.logDirectory, today: today)
            merging.append(try daemon.start())
            daemon.stop()
            try? FileManager.default.removeItem(atPath: shared + "/devices")
            mkdir(shared + "/devices", 0o700)
        }
        let extra = Measure.median(merging) - Measure.median(plain)
        log(
            "sync: start with another device's year to merge \(Format.duration(nanoseconds: Measure.median(merging))), without \(Format.duration(nanoseconds: Measure.median(plain)))"
        )
        rows.append(
            Row(
                figure:
                    "another device's year (\(Format.count(Double(yearEvents))) events) merged at start, over a start without sync",
                pace: Format.duration(nanoseconds: max(0, extra)),
                comparison: "start without sync \(Format.duration(nanoseconds: Measure.median(plain)))",
                target: "≤ 100 ms", met: extra <= 100e6,
                numbers: ["extraNs": extra, "plainNs": Measure.median(plain), "mergingNs": Measure.median(merging)]))

        // 2. A new event of another device: from the rename that delivers it (as Syncthing does) to the record.
        let other = try foreignDevice(in: shared, count: 50, shift: 900)
        try daemon.start()
        let client = try RawSocket(path: daemon.socketPath)
        var latencies: [Double] = []
        let segment = try Syscall.directoryEntries(other).first { $0.hasSuffix(".log") } ?? ""
        var bytes = try Files.read(other + "/" + segment)
        for index in 0..<max(5, sizes.writes / 10) {
            let before = try Self.records(client)
            let at = Int64(time(nil)) * 1000 - Int64(60 - index % 60) * 1000
            let id = EventID.make(at: Instant(millisecondsSinceEpoch: at), sequence: 0)
            let payload = Array(
                #"{"at":\#(at),"energy":5,"id":"\#(id)","type":"checkIn","utcOffsetSeconds":3600}"#.utf8)
            bytes += Self.frame(payload, time: at)
            try Files.write(bytes, to: other + "/.syncthing.\(segment).tmp")
            let start = Measure.nanoseconds()
            rename(other + "/.syncthing.\(segment).tmp", other + "/" + segment)
            while try Self.records(client) == before {
                if Measure.nanoseconds() - start > 5_000_000_000 { throw BenchFailure("the event was not merged") }
            }
            latencies.append(Double(Measure.nanoseconds() - start))
        }
        let latency = Measure.median(latencies)
        rows.append(
            Row(
                figure:
                    "a new event of another device in the record, after its file's rename, median of \(latencies.count)",
                pace: Format.duration(nanoseconds: latency), comparison: "–", target: "≤ 50 ms", met: latency <= 50e6,
                numbers: ["medianNs": latency]))

        // 3. Idle wakeups with sync on: nothing changes in the folder.
        if sizes.settleSeconds > 0 { usleep(UInt32(sizes.settleSeconds * 1_000_000)) }
        let before = ProcessProbe.contextSwitches([daemon.pid]).values.reduce(0) { $0 + $1.total }
        usleep(UInt32(min(sizes.idleSeconds, 30) * 1_000_000))
        let after = ProcessProbe.contextSwitches([daemon.pid]).values.reduce(0) { $0 + $1.total }
        let perMinute = Double(after - before) * 60 / min(sizes.idleSeconds, 30)
        rows.append(
            Row(
                figure: "idle wakeups per minute with sync on (a year here, another device's folder, nothing changing)",
                pace: Format.fixed(perMinute, 1), comparison: "–", target: "0", met: perMinute == 0,
                numbers: ["wakeupsPerMinute": perMinute]))
        daemon.stop()

        // 4. Ten devices with ten years each: the first start (merging nine devices' ten years) and the next.
        let tenShared = root + "/sync-ten"
        mkdir(tenShared, 0o700)
        let tenYears = sizes.yearDays * 10 * 20
        let ten = try syncDaemon("sync-ten-a", folder: tenShared, ownEvents: tenYears)
        for device in 1...9 { _ = try foreignDevice(in: tenShared, count: tenYears, shift: device * 3) }
        let first = try ten.start()
        ten.stop()
        var next: [Double] = []
        for _ in 0..<max(1, sizes.startupRepeats / 2) {
            next.append(try ten.start())
            ten.stop()
        }
        let again = Measure.median(next)
        log(
            "sync: ten devices of ten years: first start \(Format.duration(nanoseconds: first)), then \(Format.duration(nanoseconds: again))"
        )
        rows.append(
            Row(
                figure:
                    "start-up to READY=1, ten devices of ten years (\(Format.count(Double(tenYears * 10))) events): first (merging) / then",
                pace: "\(Format.duration(nanoseconds: first)) / \(Format.duration(nanoseconds: again))",
                comparison: "–",
                target: "≤ 100 ms (then)", met: again <= 100e6,
                numbers: ["firstNs": first, "thenNs": again, "events": Double(tenYears * 10)]))
        return rows
    }

    /// One record of the log's framing (docs/log-format.md), as another device's log holds it.
    static func frame(_ payload: [UInt8], time: Int64) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0x50, 0x52, 0xFE]
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(UInt32(payload.count))
        append(time)
        append(CRC32C.checksum(payload))
        append(CRC32C.checksum(bytes))
        return bytes + payload
    }
}

extension Files {
    /// The bytes of the file at `path`.
    static func read(_ path: String) throws(BenchFailure) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchFailure("cannot read \(path)") }
        return [UInt8](data)
    }
}
