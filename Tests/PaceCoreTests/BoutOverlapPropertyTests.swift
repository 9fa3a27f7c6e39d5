import PropertyBased
import Testing

@testable import PaceCore

/// The overlap rule, against a count minute by minute: whatever order a day's pieces come in, each minute counts
/// once, at the rate of the piece of highest precedence covering it.
@Suite struct BoutOverlapPropertyTests {
    static let origin = Instant(millisecondsSinceEpoch: 1_780_000_000_000)

    /// A piece on whole minutes from `origin`.
    static func piece(start: Int, minutes: Int, rate: Int, rank: Int, recorded: Int, id: Int) -> BoutPiece {
        BoutPiece(
            start: origin.adding(seconds: Int64(start) * 60), end: origin.adding(seconds: Int64(start + minutes) * 60),
            pointsPerMinute: Double(rate),
            precedence: BoutPrecedence(
                rank: rank, recordedAt: origin.adding(seconds: Int64(recorded)),
                id: EventID(order: UInt64(id), tag: UInt64(id))))
    }

    static let pieces = zip(
        Gen<Int>.int(in: 0...180), Gen<Int>.int(in: 1...60), Gen<Int>.int(in: 1...5), Gen<Int>.int(in: 0...2),
        Gen<Int>.int(in: 0...3)
    ).array(of: 1...14)

    @Test func eachMinuteCountsOnceForThePieceOfHighestPrecedence() async {
        await propertyCheck(input: Self.pieces) { drawn in
            let pieces = drawn.enumerated().map { index, value in
                Self.piece(
                    start: value.0, minutes: value.1, rate: value.2, rank: value.3, recorded: value.4, id: index)
            }
            var day = DayRecord(date: CivilDate(year: 2026, month: 6, day: 1))
            for piece in pieces { day.add(piece) }
            var points = 0.0
            var seconds: Int64 = 0
            for minute in 0..<240 {
                let at = Self.origin.adding(seconds: Int64(minute) * 60)
                guard
                    let winner = pieces.filter({ $0.start <= at && at < $0.end }).max(by: {
                        $0.precedence < $1.precedence
                    })
                else { continue }
                points += winner.pointsPerMinute
                seconds += 60
            }
            #expect(day.activeSeconds == seconds)
            #expect(abs(day.load - points) < 1e-6, "\(day.load) ≠ \(points)")
            #expect(zip(day.bouts, day.bouts.dropFirst()).allSatisfy { $0.end <= $1.end })
        }
    }
}
