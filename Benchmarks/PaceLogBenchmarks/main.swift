// pace-log-bench: the event log's benchmarks, printed as a table (numbers are read, not asserted).
//
//     swift run -c release pace-log-bench [--quick] [--directory DIR]
//
// 1. Acknowledged append (append + fdatasync) against a raw pwrite + fdatasync of the same bytes, interleaved
//    in the same run on the same file system. Target: at most 1.3 times the raw cost.
// 2. Full replay of 1,000,000 events: open (which checks every record) and read them all. Target: 1 s.
// 3. Start-up with 200,000 events (ten years of heavy use) through a snapshot: open, load the snapshot, replay
//    the tail. Target: 100 ms.
//
// Data goes to a fresh directory under DIR (default $TMPDIR or /tmp), removed at the end. Use a directory on
// the disk the real log lives on: fdatasync on tmpfs costs nothing and says nothing.
import Glibc
import PaceCore
import PaceLog
import PaceSystem
import SystemPackage

// MARK: Measuring

func now() -> Double {
    Double(Clocks.monotonicNanoseconds()) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

func milliseconds(_ seconds: Double) -> String {
    let value = seconds * 1000
    let text = value < 10 ? String(Double(Int(value * 1000)) / 1000) : String(Double(Int(value * 10)) / 10)
    return text + " ms"
}

func fail(_ message: String) -> Never {
    StandardError.write("pace-log-bench: \(message)\n")
    exit(1)
}

/// One line of the results table.
struct Result {
    var name: String
    var value: String
    var target: String
    var note: String
}

/// Prints `result` as soon as it is known, and returns it for the table at the end.
func report(_ result: Result) -> Result {
    print("  \(result.name): \(result.value)  (target \(result.target)) \(result.note)")
    return result
}

// MARK: Data

/// A compact JSON event about the size the daemon writes (100–130 bytes).
func event(_ number: Int) -> [UInt8] {
    let kinds = ["boutStarted", "boutStopped", "restStarted", "checkIn", "reminderFired"]
    let text = """
        {"kind":"\(kinds[number % kinds.count])","at":\(1_767_225_600_000 + number * 60_000),"utcOffset":3600,\
        "activity":"walk","intensity":"moderate","id":\(number)}
        """
    return Array(text.utf8)
}

/// Writes `count` events spread evenly over `months` months starting 2016-01, in batches of at most 1,000.
func fill(_ log: EventLog, count: Int, months: Int) {
    let perMonth = max(1, count / months)
    var written = 0
    while written < count {
        let month = min(months - 1, written / perMonth)
        let time = Instant(
            secondsSinceEpoch: CivilDate(year: 2016 + month / 12, month: 1 + month % 12, day: 2).daysSinceEpoch * 86_400
        )
        let batch = min(1000, count - written, perMonth - written % perMonth)
        do {
            try log.append((written..<(written + batch)).map(event), at: time)
        } catch {
            fail(error.description)
        }
        written += batch
    }
}

func makeDirectory(_ parent: String, _ name: String) -> String {
    var template = Array("\(parent)/\(name).XXXXXX".utf8CString)
    guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
        fail("cannot create a directory in \(parent): \(String(cString: strerror(errno)))")
    }
    return String(cString: created)
}

/// Removes `path` and everything under it.
func remove(_ path: String) {
    if (try? Syscall.lstat(path))??.type == .directory {
        for name in (try? Syscall.directoryEntries(path)) ?? [] { remove(path + "/" + name) }
        rmdir(path)
    } else {
        unlink(path)
    }
}

// MARK: Benchmarks

/// Acknowledged appends against raw pwrite + fdatasync of the same bytes, interleaved in blocks so that both see
/// the same disk weather.
func benchmarkAppend(in root: String, rounds: Int) -> Result {
    print("Acknowledged append vs raw write + fdatasync (\(rounds) of each, one 120-byte event per sync)")
    let directory = root + "/append"
    let log: EventLog
    do { (log, _) = try EventLog.open(directory: directory) } catch { fail(error.description) }
    let rawPath = root + "/raw"
    let raw = open(rawPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard raw >= 0 else { fail("cannot create \(rawPath)") }
    defer { close(raw) }
    // The raw side writes exactly the bytes of a framed record, so both write the same amount.
    let payload = event(1)
    let recordSize = 24 + payload.count
    let bytes = [UInt8](repeating: 0x41, count: recordSize)
    var rawOffset: off_t = 0
    let time = Instant(secondsSinceEpoch: 1_767_225_600)
    // Warm up: the first segment's creation and the first sync of each file are not what is measured.
    for _ in 0..<20 {
        _ = try? log.append([payload], at: time)
        _ = bytes.withUnsafeBytes { pwrite(raw, $0.baseAddress, $0.count, rawOffset) }
        rawOffset += off_t(recordSize)
        fdatasync(raw)
    }

    var logTimes: [Double] = []
    var rawTimes: [Double] = []
    let block = 25
    for _ in 0..<(rounds / block) {
        for _ in 0..<block {
            let start = now()
            do { try log.append([payload], at: time) } catch { fail(error.description) }
            logTimes.append(now() - start)
        }
        for _ in 0..<block {
            let start = now()
            let written = bytes.withUnsafeBytes { pwrite(raw, $0.baseAddress, $0.count, rawOffset) }
            guard written == recordSize, fdatasync(raw) == 0 else { fail("raw write failed: errno \(errno)") }
            rawOffset += off_t(recordSize)
            rawTimes.append(now() - start)
        }
    }
    let ratioMedian = median(logTimes) / median(rawTimes)
    let ratioMean = mean(logTimes) / mean(rawTimes)
    print("  raw pwrite + fdatasync: median \(milliseconds(median(rawTimes))), mean \(milliseconds(mean(rawTimes)))")
    print("  EventLog.append:        median \(milliseconds(median(logTimes))), mean \(milliseconds(mean(logTimes)))")
    let result = report(
        Result(
            name: "acknowledged append / raw write+fdatasync",
            value: "\(Double(Int(ratioMedian * 100)) / 100)x median, \(Double(Int(ratioMean * 100)) / 100)x mean",
            target: "<= 1.3x", note: ""))

    // Group commit: 16 events share one sync.
    var groupTimes: [Double] = []
    let group = (0..<16).map { event($0) }
    for _ in 0..<max(10, rounds / 10) {
        let start = now()
        do { try log.append(group, at: time) } catch { fail(error.description) }
        groupTimes.append(now() - start)
    }
    print("  group commit, 16 events per append: median \(milliseconds(median(groupTimes))) per append")
    return result
}

/// Writes `count` events and measures opening the log and reading every record.
func benchmarkReplay(in root: String, count: Int, repeats: Int) -> Result {
    print("Full replay of \(count) events (over 10 years of monthly segments)")
    let directory = root + "/replay"
    do {
        let (log, _) = try EventLog.open(directory: directory)
        let start = now()
        fill(log, count: count, months: 120)
        print("  writing them took \(milliseconds(now() - start))")
    } catch {
        fail(error.description)
    }
    var opens: [Double] = []
    var reads: [Double] = []
    for _ in 0..<repeats {
        let start = now()
        let log: EventLog
        do { (log, _) = try EventLog.open(directory: directory, access: .readOnly) } catch { fail(error.description) }
        let opened = now()
        var records = 0
        var bytes = 0
        var reader = log.reader()
        do {
            while let record = try reader.next() {
                records += 1
                bytes &+= record.payload.count
            }
        } catch {
            fail(error.description)
        }
        let finished = now()
        guard records == count else { fail("replayed \(records) of \(count) records") }
        opens.append(opened - start)
        reads.append(finished - opened)
        _ = bytes
    }
    print("  open (checks every record): median \(milliseconds(median(opens)))")
    print("  read every record:          median \(milliseconds(median(reads)))")
    let totals = zip(opens, reads).map { $0 + $1 }
    return report(
        Result(
            name: "full replay of \(count) events (open + read)", value: milliseconds(median(totals)),
            target: "<= 1000 ms", note: "(best \(milliseconds(totals.min() ?? 0)))"))
}

/// Measures start-up through a snapshot: open, load the snapshot, replay the records after it.
func benchmarkSnapshotStart(in root: String, count: Int, tail: Int, repeats: Int) -> Result {
    print("Start-up with \(count) events through a snapshot (\(tail) events after it)")
    let directory = root + "/startup"
    do {
        let (log, _) = try EventLog.open(directory: directory)
        fill(log, count: count - tail, months: 120)
        // A snapshot about the size of a few years of derived daily state.
        try log.writeSnapshot([UInt8](repeating: 0x5A, count: 64 * 1024), at: log.endPosition)
        try log.append((0..<tail).map(event), at: Instant(secondsSinceEpoch: 2_000_000_000))
    } catch {
        fail(error.description)
    }
    var times: [Double] = []
    var withoutSnapshot: [Double] = []
    for _ in 0..<repeats {
        let start = now()
        do {
            let (log, _) = try EventLog.open(directory: directory, access: .readOnly)
            guard case .found(let snapshot) = log.latestSnapshot() else { fail("the snapshot was not used") }
            var reader = log.reader(from: snapshot.position)
            var replayed = 0
            while try reader.next() != nil { replayed += 1 }
            guard replayed == tail else { fail("replayed \(replayed) records after the snapshot, not \(tail)") }
        } catch {
            fail(error.description)
        }
        times.append(now() - start)

        let fullStart = now()
        do {
            let (log, _) = try EventLog.open(directory: directory, access: .readOnly)
            var reader = log.reader()
            while try reader.next() != nil {}
        } catch {
            fail(error.description)
        }
        withoutSnapshot.append(now() - fullStart)
    }
    return report(
        Result(
            name: "start-up with \(count) events via snapshot", value: milliseconds(median(times)),
            target: "<= 100 ms",
            note: "(open + snapshot + tail; without the snapshot \(milliseconds(median(withoutSnapshot))))"))
}

// MARK: Main

var arguments = CommandLine.arguments.dropFirst()
var quick = false
var parent = environmentValue("TMPDIR") ?? "/tmp"
while let argument = arguments.popFirst() {
    switch argument {
    case "--quick": quick = true
    case "--directory":
        guard let path = arguments.popFirst() else { fail("--directory needs a path") }
        parent = path
    default: fail("usage: pace-log-bench [--quick] [--directory DIR]")
    }
}

func environmentValue(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
}

let root = makeDirectory(parent, "pace-log-bench")
#if DEBUG
print("Note: a debug build; build with -c release for meaningful numbers.")
#endif
print("Data in \(root)\n")
var results: [Result] = []
results.append(benchmarkAppend(in: root, rounds: quick ? 100 : 500))
print()
results.append(benchmarkReplay(in: root, count: quick ? 100_000 : 1_000_000, repeats: quick ? 2 : 5))
print()
results.append(benchmarkSnapshotStart(in: root, count: 200_000, tail: 100, repeats: quick ? 3 : 9))
print()
print("| benchmark | result | target |")
print("|---|---|---|")
for result in results { print("| \(result.name) | \(result.value) \(result.note) | \(result.target) |") }
remove(root)
