/// A state's days, oldest first, kept in chunks of ``chunkSize`` that copies of the state share until one of them
/// changes a day of that chunk.
///
/// The record keeps a copy of the state at the start of each of the last weeks (`Ledger`'s checkpoints), and folds
/// again from one of them for a late event or a correction; the fold then changes only the last few days. With one
/// array of a year of days, each of those copies cost a copy of every day at its first change (a correction 30
/// days back copied the year five times, and freed it five times); with chunks, a change copies the chunk of the
/// day it changes, and the list of chunks.
///
/// Encoded as a plain array of days.
package struct DayList: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral, Sendable, Equatable,
    Codable
{
    /// Days per chunk. Each checkpoint keeps its own copy of the chunk its week was in (the fold went on changing
    /// it): 8 days is 2 kB a checkpoint where 32 were 9 kB, and a correction copies one or two of them.
    static let chunkSize = 8

    /// The chunks, each full but the last: day `index` is in chunk `index / chunkSize`.
    private var chunks: [[DayRecord]] = []
    package private(set) var endIndex = 0

    /// No days.
    package init() {}

    /// The days `days`, in their order.
    package init(_ days: some Sequence<DayRecord>) {
        for day in days { append(day) }
    }

    package init(arrayLiteral days: DayRecord...) {
        self.init(days)
    }

    package var startIndex: Int { 0 }

    package subscript(position: Int) -> DayRecord {
        get {
            precondition(position >= 0 && position < endIndex, "day index out of range")
            return chunks[position / Self.chunkSize][position % Self.chunkSize]
        }
        _modify {
            precondition(position >= 0 && position < endIndex, "day index out of range")
            yield &chunks[position / Self.chunkSize][position % Self.chunkSize]
        }
    }

    /// Adds `day` after the last.
    package mutating func append(_ day: DayRecord) {
        if endIndex % Self.chunkSize == 0 {
            var chunk: [DayRecord] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunk.append(day)
            chunks.append(chunk)
        } else {
            chunks[chunks.count - 1].append(day)
        }
        endIndex += 1
    }

    /// Calls `body` with each chunk's days in order, in place: a check of every day that reads a few fields of each
    /// (a snapshot's sanity check) copies no day, where iterating copies each (a day holds six arrays to retain).
    package func forEachChunk<Failure: Error>(
        _ body: (UnsafeBufferPointer<DayRecord>) throws(Failure) -> Void
    ) throws(Failure) {
        for chunk in chunks { try chunk.withUnsafeBufferPointer(body) }
    }

    /// Puts `days` before the first (events from before the first day recorded: rare, so the chunks are made anew).
    package mutating func prepend(_ days: [DayRecord]) {
        self = DayList(days + Array(self))
    }

    package init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([DayRecord].self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Array(self))
    }
}
