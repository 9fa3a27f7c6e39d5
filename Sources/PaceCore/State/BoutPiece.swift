/// Who wins minutes that two bouts both cover (docs/events.md, "The record contract"): typed beats sensed beats
/// imported; of two of the same source, the later recorded wins (ties by id).
package struct BoutPrecedence: Comparable, Hashable, Sendable, Codable {
    package var rank: Int
    package var recordedAt: Instant
    package var id: EventID

    package init(rank: Int, recordedAt: Instant, id: EventID) {
        self.rank = rank
        self.recordedAt = recordedAt
        self.id = id
    }

    /// The precedence of the bout `event` begins or logs.
    package init(_ event: Event) {
        self.init(rank: event.origin.rank, recordedAt: event.recordedTime, id: event.header.id ?? .zero)
    }

    package static func < (left: BoutPrecedence, right: BoutPrecedence) -> Bool {
        (left.rank, left.recordedAt, left.id) < (right.rank, right.recordedAt, right.id)
    }
}

/// The part of one bout that falls in one pacing day: its minutes count in the day's load unless a bout of
/// higher precedence covers them too.
package struct BoutPiece: Hashable, Sendable, Codable {
    package var start: Instant
    package var end: Instant
    package var pointsPerMinute: Double
    package var precedence: BoutPrecedence

    package init(start: Instant, end: Instant, pointsPerMinute: Double, precedence: BoutPrecedence) {
        self.start = start
        self.end = end
        self.pointsPerMinute = pointsPerMinute
        self.precedence = precedence
    }

    var seconds: Int64 { max(0, end.seconds(since: start)) }
}

extension DayRecord {
    /// Adds a bout's piece to the day: its minutes count, but those another piece covers count once, for the piece
    /// of higher precedence.
    mutating func add(_ piece: BoutPiece) {
        let (points, seconds) = gain(with: piece)
        bouts.insert(piece, at: firstPiece(endingAfter: piece.end))
        load += points
        activeSeconds += seconds
    }

    /// Points and seconds the day's load would gain with `piece` (a running bout's share), overlaps counted once:
    /// over the piece's own span, what the pieces there count with it, less what they count without it.
    func gain(with piece: BoutPiece) -> (points: Double, seconds: Int64) {
        // ``bouts`` are in order of their ends: only those ending after this one starts can overlap it, and in a day
        // folded in time order there are none (a late entry's: the few after it).
        let overlapping = bouts[firstPiece(endingAfter: piece.start)...].filter { $0.start < piece.end }
        guard !overlapping.isEmpty else { return (Double(piece.seconds) / 60 * piece.pointsPerMinute, piece.seconds) }
        let span = piece.start..<piece.end
        let with = Self.count(overlapping + [piece], within: span)
        let without = Self.count(overlapping, within: span)
        return (with.points - without.points, with.seconds - without.seconds)
    }

    /// The index in ``bouts`` of the first piece that ends after `instant` (``bouts`` are in order of their ends).
    private func firstPiece(endingAfter instant: Instant) -> Int {
        guard let last = bouts.last, last.end > instant else { return bouts.endIndex }
        var low = bouts.startIndex
        var high = bouts.endIndex - 1
        while low < high {
            let middle = (low + high) / 2
            if bouts[middle].end > instant { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The points and seconds `pieces` count within `span`, each stretch once, at the rate of the piece of highest
    /// precedence covering it: the pieces claim what is still unclaimed, highest precedence first.
    static func count(_ pieces: [BoutPiece], within span: Range<Instant>) -> (points: Double, seconds: Int64) {
        var unclaimed = [span]
        var points = 0.0
        var seconds: Int64 = 0
        for piece in pieces.sorted(by: { $0.precedence > $1.precedence }) {
            guard !unclaimed.isEmpty else { break }
            var rest: [Range<Instant>] = []
            for gap in unclaimed {
                let low = max(gap.lowerBound, piece.start)
                let high = min(gap.upperBound, piece.end)
                guard low < high else {
                    rest.append(gap)
                    continue
                }
                let stretch = high.seconds(since: low)
                points += Double(stretch) / 60 * piece.pointsPerMinute
                seconds += stretch
                if gap.lowerBound < low { rest.append(gap.lowerBound..<low) }
                if high < gap.upperBound { rest.append(high..<gap.upperBound) }
            }
            unclaimed = rest
        }
        return (points, seconds)
    }
}
