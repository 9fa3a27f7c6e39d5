import FoundationEssentials
import PaceCore
import PaceSystem
import PaceTestSupport
import PropertyBased
import Testing

@testable import PaceLog

/// Properties of the log over random payloads, batches, times and damage.
@Suite struct EventLogPropertyTests {
    /// `make stress` runs every property ten times as often.
    static let scale = Int(ProcessInfo.processInfo.environment["PACE_LOG_PROPERTY_SCALE"] ?? "") ?? 1

    /// A record as it was appended.
    struct Appended: Equatable {
        var payload: [UInt8]
        var time: Instant
        var position: LogPosition
        var end: LogPosition {
            LogPosition(segment: position.segment, offset: position.offset + 24 + Int64(payload.count))
        }
    }

    /// Appends `payloads` in random batches at random, increasing times (sometimes a month or more apart).
    static func appendAll(_ payloads: [[UInt8]], to log: EventLog, random: inout SplitMix) throws -> [Appended] {
        var appended: [Appended] = []
        var time = instant(2026, 1, 1)
        var index = 0
        while index < payloads.count {
            let batch = Array(payloads[index..<min(payloads.count, index + Int.random(in: 1...4, using: &random))])
            let positions = try log.append(batch, at: time)
            appended += zip(batch, positions).map { Appended(payload: $0, time: time, position: $1) }
            index += batch.count
            time = time.adding(seconds: Int64.random(in: 0...(50 * 86_400), using: &random))
        }
        return appended
    }

    static func contents(_ log: EventLog) throws -> [Appended] {
        try log.records().map { Appended(payload: Array($0.payload), time: $0.time, position: $0.position) }
    }

    @Test func randomPayloadSequencesRoundTripThroughAppendReadAndReopen() async {
        await propertyCheck(
            count: 40 * Self.scale, input: Gen.uint8().array(of: 0...300).array(of: 0...40), Gen.uint64()
        ) { payloads, seed in
            let fixture = LogFixture()
            var random = SplitMix(seed: seed)
            let (log, _) = try fixture.open()
            let appended = try Self.appendAll(payloads, to: log, random: &random)
            #expect(try Self.contents(log) == appended)
            #expect(log.endPosition == appended.last?.end ?? .beginning)
            let (reopened, report) = try fixture.open()
            #expect(report.isClean)
            #expect(report.recordCount == payloads.count)
            #expect(try Self.contents(reopened) == appended)
            #expect(reopened.endPosition == log.endPosition)
        }
    }

    @Test func cuttingTheLastRecordAtEveryByteKeepsEveryCompleteRecord() async {
        await propertyCheck(
            count: 6 * Self.scale, input: Gen.uint8().array(of: 0...60).array(of: 1...8), Gen.uint64()
        ) { payloads, seed in
            let fixture = LogFixture()
            var random = SplitMix(seed: seed)
            let appended = try Self.appendAll(payloads, to: try fixture.open().0, random: &random)
            let last = appended[appended.count - 1]
            let path = fixture.path(last.position.segment.fileName)
            let whole = Files.read(path)
            let start = Int(last.position.offset)
            for cut in start..<Int(last.end.offset) {
                Files.write(path, Array(whole[..<cut]))
                let (log, report) = try fixture.open()
                #expect(try Self.contents(log) == Array(appended.dropLast()), "cut at \(cut)")
                if cut == start {
                    #expect(report.isClean)
                } else {
                    let issue = RecoveryIssue(
                        kind: .tornTailTruncated, path: path, offset: Int64(start), length: Int64(cut - start),
                        reason: report.issues.first?.reason ?? "")
                    #expect(report.issues == [issue], "cut at \(cut)")
                }
                #expect(Files.size(path) == start)
                // The log carries on from the cut: a new record follows the last complete one.
                try log.append([[1, 2, 3]], at: last.time)
                let (reopened, again) = try fixture.open()
                #expect(again.isClean)
                #expect(try PaceLogTests.payloads(reopened) == appended.dropLast().map(\.payload) + [[1, 2, 3]])
            }
        }
    }

    @Test func randomBitFlipsAnywhereLoseOnlyTheDamagedRecordsAndReportThem() async {
        await propertyCheck(
            count: 80 * Self.scale, input: Gen.uint8().array(of: 1...80).array(of: 2...14), Gen.uint64()
        ) { payloads, seed in
            let fixture = LogFixture()
            var random = SplitMix(seed: seed)
            let appended = try Self.appendAll(payloads, to: try fixture.open().0, random: &random)
            let segments = Set(appended.map(\.position.segment)).sorted()

            // One to three flipped bits, anywhere in any segment file: headers, record headers, payloads. Never the
            // same bit twice: the second flip would mend the first.
            var flips: [(segment: SegmentID, offset: Int)] = []
            var flipped: Set<[Int]> = []
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let segment = segments.randomElement(using: &random)!
                let path = fixture.path(segment.fileName)
                let offset = Int.random(in: 0..<Files.size(path), using: &random)
                let bit = Int.random(in: 0...7, using: &random)
                guard flipped.insert([segments.firstIndex(of: segment)!, offset, bit]).inserted else { continue }
                Files.flipBit(path, offset: offset, bit: bit)
                flips.append((segment, offset))
            }
            func isHit(_ record: Appended) -> Bool {
                flips.contains {
                    $0.segment == record.position.segment
                        && (record.position.offset..<record.end.offset).contains(Int64($0.offset))
                }
            }

            let (log, report) = try fixture.open()
            let kept = appended.filter { !isHit($0) }
            #expect(try Self.contents(log) == kept, "flips \(flips)")
            // Every flipped byte lies in a reported range of its segment, and every report covers a flip.
            func covers(_ issue: RecoveryIssue, _ flip: (segment: SegmentID, offset: Int)) -> Bool {
                guard issue.path == fixture.path(flip.segment.fileName), let offset = issue.offset else { return false }
                return (offset..<(offset + (issue.length ?? 0))).contains(Int64(flip.offset))
            }
            for flip in flips {
                #expect(report.issues.contains { covers($0, flip) }, "flip \(flip) not reported: \(report.issues)")
            }
            for issue in report.issues {
                #expect(flips.contains { covers(issue, $0) }, "report without damage: \(issue)")
            }
            // And the log goes on: a new record is appended after all of that and read back.
            try log.append([[42]], at: appended[appended.count - 1].time)
            #expect(try PaceLogTests.payloads(try fixture.open().0) == kept.map(\.payload) + [[42]])
        }
    }
}
