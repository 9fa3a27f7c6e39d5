import FoundationEssentials
import Glibc
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

/// A writer process appends and acknowledges records; the test kills it with SIGKILL at random moments and
/// checks, after every kill, that the log holds every acknowledged record, in order, with nothing in between.
///
/// A SIGKILL leaves everything the writer wrote in the page cache, so on its own it rarely tears a record. After
/// half of the kills the test also does what a power loss may do to the data written after the last
/// acknowledged record: cut the file somewhere after it, and sometimes leave zeros where the cut-off data was.
@Suite struct CrashTests {
    /// 200 in `make test`; `make stress` sets `PACE_LOG_CRASH_KILLS` to thousands.
    static let kills = Int(ProcessInfo.processInfo.environment["PACE_LOG_CRASH_KILLS"] ?? "") ?? 200

    @Test func everyAcknowledgedRecordSurvivesSIGKILLAtRandomMoments() throws {
        let root = TemporaryDirectory(prefix: "pace-crash")
        defer { root.remove() }
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SplitMix(seed: seed)
        var generation = 0
        var state = root.appending("state-0")
        var acknowledged = -1
        var lastEnd: (segment: String, offset: Int)?
        var totals = (acknowledged: 0, tornTails: 0, killedBeforeReady: 0, powerLosses: 0)

        for round in 0..<Self.kills {
            // A fresh log now and then keeps each check (a full read in a debug build) quick in long runs.
            if round > 0 && round % 25 == 0 {
                generation += 1
                state = root.appending("state-\(generation)")
                totals.acknowledged += acknowledged + 1
                acknowledged = -1
                lastEnd = nil
            }
            let child = try PipedChild(
                Executables.path("pace-log-crash-writer"), [state, String(random.next())],
                errorPath: root.appending("writer.err"))
            var output: [UInt8] = []
            if round % 8 == 0 {
                // Sometimes kill it early: while it starts, or while it recovers the last kill's torn tail.
                let deadline = Monotonic.milliseconds() + Int64.random(in: 0...25, using: &random)
                while Monotonic.milliseconds() < deadline, let chunk = child.read(timeoutMilliseconds: 1) {
                    output += chunk
                }
            } else {
                let started = Monotonic.milliseconds()
                while !output.contains(UInt8(ascii: "\n")), Monotonic.milliseconds() - started < 20_000,
                    let chunk = child.read(timeoutMilliseconds: 100)
                {
                    output += chunk
                }
                let deadline = Monotonic.milliseconds() + Int64.random(in: 0...30, using: &random)
                while Monotonic.milliseconds() < deadline, let chunk = child.read(timeoutMilliseconds: 1) {
                    output += chunk
                }
            }
            child.signal(SIGKILL)
            output += child.readToEnd()
            let termination = child.wait()
            guard termination == .signalled(SIGKILL) else {
                Issue.record("round \(round): the writer ended \(termination): \(child.standardError) (seed \(seed))")
                return
            }

            // The acknowledgements: `ready N` (the writer found N records), then one line per durable record.
            let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
            if let first = lines.first, first.hasPrefix("ready ") {
                let found = Int(first.dropFirst(6)) ?? -1
                #expect(found > acknowledged, "round \(round): the writer found \(found) records (seed \(seed))")
            } else {
                totals.killedBeforeReady += 1
            }
            for line in lines.dropFirst() {
                let fields = line.split(separator: " ")
                let seq = try #require(Int(fields[0]), "round \(round): odd line \(line)")
                // The writer may continue past records acknowledged earlier that a crash then lost: never.
                #expect(seq > acknowledged, "round \(round): acknowledged \(seq) after \(acknowledged) (seed \(seed))")
                acknowledged = seq
                lastEnd = (String(fields[1]), try #require(Int(fields[2])))
            }

            // Power loss: whatever follows the last acknowledged record in its segment may be gone or zeros.
            let directory = EventLog.directory(inStateDirectory: state)
            if let lastEnd, random.next() % 2 == 0 {
                let path = directory + "/" + lastEnd.segment
                let size = Files.size(path)
                let newest = try Syscall.directoryEntries(directory).compactMap(SegmentID.init(fileName:)).max()
                if newest?.fileName == lastEnd.segment && size > lastEnd.offset {
                    var bytes = Array(Files.read(path)[..<Int.random(in: lastEnd.offset...size, using: &random)])
                    if random.next() % 3 == 0 {
                        bytes += [UInt8](repeating: 0, count: Int.random(in: 1...4096, using: &random))
                    }
                    Files.write(path, bytes)
                    totals.powerLosses += 1
                }
            }

            // What a restarted daemon would find. The writer is dead, so nothing else writes; the state lock is not
            // taken here: a process another test spawns at this moment would share it until its exec, and the
            // next writer would find it held.
            let (log, report) = try EventLog.open(directory: directory)
            let sequence = try log.records().map { record in
                Self.sequenceNumber(record.payload)
            }
            #expect(sequence == Array(0..<sequence.count), "round \(round): records out of order (seed \(seed))")
            #expect(
                sequence.count > acknowledged,
                "round \(round): \(acknowledged + 1) acknowledged, \(sequence.count) in the log (seed \(seed))")
            for issue in report.issues {
                #expect(issue.kind == .tornTailTruncated || issue.kind == .leftoverRemoved, "\(issue) (seed \(seed))")
                if issue.kind == .tornTailTruncated { totals.tornTails += 1 }
            }
            guard sequence == Array(0..<sequence.count), sequence.count > acknowledged else { return }
        }
        totals.acknowledged += acknowledged + 1
        print(
            """
            crash test: \(Self.kills) SIGKILLs (\(totals.killedBeforeReady) before the writer was ready, \
            \(totals.powerLosses) followed by a simulated power loss), \(totals.acknowledged) records acknowledged \
            and all found, \(totals.tornTails) torn tails cut off (seed \(seed))
            """)
    }

    /// A writer replaces one file with ``AtomicFile`` (as snapshots and new segments are written) generation after
    /// generation; the test kills it at random moments and checks that the file is always one whole generation, at
    /// least the last one acknowledged, never a part of one.
    @Test func anAtomicFileIsWholeAfterSIGKILLAtAnyMoment() throws {
        let root = TemporaryDirectory(prefix: "pace-crash")
        defer { root.remove() }
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SplitMix(seed: seed)
        let path = root.appending("file")
        var acknowledged: UInt64?
        var next: UInt64 = 0
        var killedMidWrite = 0
        for round in 0..<50 {
            let child = try PipedChild(
                Executables.path("pace-log-crash-writer"), ["--atomic-file", path, String(next)],
                errorPath: root.appending("writer.err"))
            // Kill it after 0 to 15 ms: while it starts, or between and inside its writes.
            var output: [UInt8] = []
            let deadline = Monotonic.milliseconds() + Int64.random(in: 0...15, using: &random)
            while Monotonic.milliseconds() < deadline, let chunk = child.read(timeoutMilliseconds: 1) {
                output += chunk
            }
            child.signal(SIGKILL)
            output += child.readToEnd()
            let termination = child.wait()
            try #require(
                termination == .signalled(SIGKILL),
                "round \(round): the writer ended \(termination): \(child.standardError) (seed \(seed))")
            for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
                let generation = try #require(UInt64(String(line)), "round \(round): odd line \(line)")
                acknowledged = generation
            }

            guard Files.exists(path) else {
                #expect(
                    acknowledged == nil, "round \(round): \(acknowledged ?? 0) acknowledged, no file (seed \(seed))")
                continue
            }
            let generation = AtomicFileContents.generation(of: Files.read(path))
            try #require(generation != nil, "round \(round): the file is not one whole generation (seed \(seed))")
            #expect(
                generation! >= acknowledged ?? 0,
                "round \(round): generation \(generation!) after \(acknowledged ?? 0) was acknowledged (seed \(seed))")
            if Files.exists(path + AtomicFile.temporarySuffix) { killedMidWrite += 1 }
            next = generation! + 1
        }
        print("atomic-file crash test: 50 SIGKILLs, \(killedMidWrite) left a temporary file behind (seed \(seed))")
    }

    /// N from a `{"seq":N,…}` payload.
    static func sequenceNumber(_ payload: ArraySlice<UInt8>) -> Int {
        let digits = payload.dropFirst(7).prefix(while: { (0x30...0x39).contains($0) })
        return Int(String(decoding: digits, as: UTF8.self)) ?? -1
    }
}
