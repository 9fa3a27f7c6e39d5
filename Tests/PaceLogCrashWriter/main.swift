// The writer half of the crash test (Tests/PaceLogTests/CrashTests.swift), which SIGKILLs it at random moments.
//
//     pace-log-crash-writer STATE_DIRECTORY SEED
//
// Takes the state directory's lock, opens the log (recovering whatever the last kill left), prints
// `ready N` where N is the number of records it found, then appends records forever in random batches, each
// record's payload `{"seq":N,"pad":"…"}` continuing the sequence. After each append returns (so its records are
// durable) it prints one line per record, `N SEGMENT END` (the record's segment file and where it ends), with a
// single write(2): that line is the acknowledgement the test holds the log to. Records are spread over time so that new monthly segments get created under fire too.
//
//     pace-log-crash-writer --atomic-file PATH FIRST
//
// Replaces PATH with AtomicFile.create forever, generation after generation from FIRST (see AtomicFileContents),
// and prints `N` once generation N is in place.
import Glibc
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport
import SystemPackage

func say(_ text: String) {
    var bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
        let count = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + done, $0.count - done) }
        if count < 0 && errno == EINTR { continue }
        if count <= 0 { exit(3) }
        done += count
    }
}

func fail(_ text: String) -> Never {
    StandardError.write("pace-log-crash-writer: \(text)\n")
    exit(1)
}

let arguments = CommandLine.arguments
if arguments.count == 4 && arguments[1] == "--atomic-file" {
    guard var generation = UInt64(arguments[3]) else { fail("usage: pace-log-crash-writer --atomic-file PATH FIRST") }
    while true {
        do {
            let fd = try AtomicFile.create(arguments[2], contents: AtomicFileContents.bytes(generation: generation))
            try? fd.close()
        } catch {
            fail(error.description)
        }
        say("\(generation)\n")
        generation += 1
    }
}
guard arguments.count == 3, let seed = UInt64(arguments[2]) else { fail("usage: pace-log-crash-writer DIR SEED") }
let state: StateDirectory
do { state = try StateDirectory.open(arguments[1]) } catch { fail(error.description) }
let log: EventLog
do { (log, _) = try EventLog.open(directory: EventLog.directory(inStateDirectory: state.path)) } catch {
    fail(error.description)
}

var random = SplitMix(seed: seed)
var next = log.recordCount
say("ready \(next)\n")
// Six hours per record: a new month every 120 records or so.
let origin = Instant(secondsSinceEpoch: 1_767_225_600)  // 2026-01-01
while true {
    let count = Int.random(in: 1...4, using: &random)
    var payloads: [[UInt8]] = []
    for seq in next..<(next + count) {
        // Mostly small events, sometimes a large one so that a write spans several pages and can be torn.
        let large = random.next() % 8 == 0
        let padding = Int.random(in: 0...(large ? 9000 : 200), using: &random)
        payloads.append(Array(#"{"seq":\#(seq),"pad":"\#(String(repeating: "x", count: padding))"}"#.utf8))
    }
    let positions: [LogPosition]
    do {
        positions = try log.append(payloads, at: origin.adding(seconds: Int64(next) * 6 * 3600))
    } catch {
        fail(error.description)
    }
    let lines = zip(payloads, positions).enumerated().map { (index, record) in
        "\(next + index) \(record.1.segment.fileName) \(record.1.offset + 24 + Int64(record.0.count))\n"
    }
    say(lines.joined())
    next += count
}
