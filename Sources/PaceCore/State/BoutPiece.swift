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
        let overlaps = piece.start < boutsEnd && bouts.contains { $0.start < piece.end && piece.start < $0.end }
        bouts.append(piece)
        if piece.end > boutsEnd { boutsEnd = piece.end }
        if overlaps {
            (load, activeSeconds) = Self.resolve(bouts)
        } else {
            load += Double(piece.seconds) / 60 * piece.pointsPerMinute
            activeSeconds += piece.seconds
        }
    }

    /// Points and seconds the day's load would gain with `piece` (a running bout's share), overlaps counted once.
    func gain(with piece: BoutPiece) -> (points: Double, seconds: Int64) {
        guard piece.start < boutsEnd, bouts.contains(where: { $0.start < piece.end && piece.start < $0.end }) else {
            return (Double(piece.seconds) / 60 * piece.pointsPerMinute, piece.seconds)
        }
        let (load, seconds) = Self.resolve(bouts + [piece])
        return (load - self.load, seconds - activeSeconds)
    }

    /// The points and seconds of `pieces`, each stretch counted once, at the rate of the piece of highest
    /// precedence covering it.
    static func resolve(_ pieces: [BoutPiece]) -> (load: Double, seconds: Int64) {
        var edges = Set<Instant>()
        for piece in pieces where piece.seconds > 0 {
            edges.insert(piece.start)
            edges.insert(piece.end)
        }
        let sorted = edges.sorted()
        var load = 0.0
        var seconds: Int64 = 0
        for (from, to) in zip(sorted, sorted.dropFirst()) {
            var winner: BoutPiece?
            for piece in pieces where piece.start <= from && to <= piece.end {
                if winner.map({ piece.precedence > $0.precedence }) ?? true { winner = piece }
            }
            guard let winner else { continue }
            let stretch = to.seconds(since: from)
            load += Double(stretch) / 60 * winner.pointsPerMinute
            seconds += stretch
        }
        return (load, seconds)
    }
}
