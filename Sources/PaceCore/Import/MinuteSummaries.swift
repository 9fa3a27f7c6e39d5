/// One source's minutes with samples, kept compact while a file that lists its records by type rather than by time
/// (Apple Health's export.xml: all step counts, then all heart rates) is read, and handed out in time order.
///
/// A minute is one word of 8 bytes (steps, the sum and count of heart rates, whether it has samples and the recorded
/// activity it lies in), and a day is a block of 1,440 such words, made when the day's first sample comes: no
/// dictionary entry and no ``ActivitySample`` per minute, and no array the size of the whole file that grows by
/// copying. Fourteen years of minutes that all hold samples take 59 MB; the samples are made one at a time as
/// they are read out.
package struct MinuteSummaries: Sendable, Equatable, Sequence {
    /// The blocks of days, in the order their first sample came, and where each day's block is.
    private var blocks: [[UInt64]] = []
    private var blockOfDay: [Int64: Int] = [:]
    /// The kinds of recorded activities named, by code (``Word/recording`` minus 2).
    private var kinds: [String] = []

    package init() {}

    /// Adds `steps` to `minute`'s (saturating at 65,535).
    package mutating func add(steps: Int, at minute: Int64) {
        update(minute) { word in
            word.steps = Swift.min(0xFFFF, word.steps + steps)
            word.hasSteps = true
        }
    }

    /// Adds a believed heart rate to `minute`'s mean (left out once the minute holds 65,535 of them or their sum
    /// would exceed 24 bits; the minute still counts as one with samples).
    package mutating func add(heartRate: Int, at minute: Int64) {
        update(minute) { word in
            guard word.count < 0xFFFF, word.sum + heartRate <= 0xFF_FFFF else { return }
            word.sum += heartRate
            word.count += 1
        }
    }

    /// Marks `minute` as lying in a recorded activity of `kind` (`nil`: not said), replacing what an activity
    /// marked before said.
    package mutating func record(_ minute: Int64, kind: String?) {
        var code = 1
        if let kind {
            if let index = kinds.firstIndex(of: kind) {
                code = index + 2
            } else if kinds.count < Word.recordingCodes - 2 {
                kinds.append(kind)
                code = kinds.count + 1
            }
        }
        update(minute) { $0.recording = code }
    }

    private mutating func update(_ minute: Int64, _ change: (inout Word) -> Void) {
        let day = floorDivide(minute, 1440)
        let block: Int
        if let known = blockOfDay[day] {
            block = known
        } else {
            block = blocks.count
            blocks.append([UInt64](repeating: 0, count: 1440))
            blockOfDay[day] = block
        }
        let index = Int(minute - day * 1440)
        var word = Word(blocks[block][index])
        word.present = true
        change(&word)
        blocks[block][index] = word.bits
    }

    /// The minutes with samples, in time order.
    package func makeIterator() -> Iterator {
        Iterator(summaries: self, days: blockOfDay.sorted { $0.key < $1.key })
    }

    package struct Iterator: IteratorProtocol {
        fileprivate let summaries: MinuteSummaries
        fileprivate let days: [(key: Int64, value: Int)]
        private var day = 0
        private var index = 0

        fileprivate init(summaries: MinuteSummaries, days: [(key: Int64, value: Int)]) {
            self.summaries = summaries
            self.days = days
        }

        package mutating func next() -> ActivitySample? {
            while day < days.count {
                let block = summaries.blocks[days[day].value]
                while index < 1440 {
                    let word = Word(block[index])
                    index += 1
                    guard word.present else { continue }
                    let kind = word.recording >= 2 ? summaries.kinds[word.recording - 2] : nil
                    return ActivitySample(
                        minute: days[day].key * 1440 + Int64(index - 1), steps: word.hasSteps ? word.steps : nil,
                        heartRate: word.count > 0 ? (word.sum + word.count / 2) / word.count : nil, kind: kind,
                        recorded: word.recording != 0)
                }
                day += 1
                index = 0
            }
            return nil
        }
    }

    /// A minute in 64 bits: steps (16), whether there were any (1), whether the minute has samples at all (1), the
    /// recorded activity it lies in (6: 0 none, 1 of no kind said, 2 and on a kind of ``kinds``), the sum of heart
    /// rates (24) and their count (16).
    private struct Word {
        static let recordingCodes = 64

        var steps: Int
        var hasSteps: Bool
        var present: Bool
        var recording: Int
        var sum: Int
        var count: Int

        init(_ bits: UInt64) {
            steps = Int(bits & 0xFFFF)
            hasSteps = bits >> 16 & 1 == 1
            present = bits >> 17 & 1 == 1
            recording = Int(bits >> 18 & 0x3F)
            sum = Int(bits >> 24 & 0xFF_FFFF)
            count = Int(bits >> 48)
        }

        var bits: UInt64 {
            UInt64(steps) | (hasSteps ? 1 << 16 : 0) | (present ? 1 << 17 : 0) | UInt64(recording) << 18
                | UInt64(sum) << 24 | UInt64(count) << 48
        }
    }
}
