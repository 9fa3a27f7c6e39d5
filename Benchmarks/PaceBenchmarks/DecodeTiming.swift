import PaceCore
import PaceDaemon
import PaceLog

/// `pace-bench --decode LOGDIR [ROUNDS]`: how long replay's decoding takes an event, alone, on a log written by
/// `--write-history`. For comparing two builds, and for callgrind: the decoding runs in ``DecodeTiming/decodeAll(_:)``
/// and nothing else does (`valgrind --tool=callgrind --toggle-collect='*decodeAll*' pace-bench --decode …`).
enum DecodeTiming {
    /// Reads every payload of the log at `directory`, then decodes them all `rounds` times.
    /// - Returns: The events, and the median nanoseconds an event over the rounds.
    static func run(directory: String, rounds: Int) throws -> (events: Int, nanosecondsPerEvent: Double) {
        let (log, _) = try EventLog.open(directory: directory, access: .readOnly)
        var reader = log.reader()
        var payloads: [[UInt8]] = []
        while let record = try reader.next() { payloads.append(Array(record.payload)) }
        var times: [Double] = []
        for _ in 0..<max(1, rounds) {
            let start = Measure.nanoseconds()
            let decoded = try decodeAll(payloads)
            times.append(Double(Measure.nanoseconds() - start) / Double(max(1, decoded)))
        }
        return (payloads.count, Measure.median(times))
    }

    /// Decodes every payload as replay does; kept out of line so that a profiler can count it alone.
    @inline(never)
    static func decodeAll(_ payloads: [[UInt8]]) throws -> Int {
        var count = 0
        for payload in payloads {
            _ = try LogReplay.decode(payload)
            count += 1
        }
        return count
    }
}
