package import PaceCore

/// Which segment file of the log: the UTC month its records were appended in, and a sequence number for
/// the rare second file of a month (started when the first one's header is damaged).
///
/// Segment files are named `YYYY-MM.log`, then `YYYY-MM.1.log`, `YYYY-MM.2.log`, … and ordered by
/// (year, month, sequence), which is also the order of their records.
package struct SegmentID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The UTC year, 1970…9999; 0 only in ``LogPosition/beginning``.
    package var year: Int
    /// The UTC month, 1…12; 0 only in ``LogPosition/beginning``.
    package var month: Int
    /// 0 for `YYYY-MM.log`, N for `YYYY-MM.N.log`.
    package var sequence: Int

    package init(year: Int, month: Int, sequence: Int = 0) {
        self.year = year
        self.month = month
        self.sequence = sequence
    }

    /// The segment for records appended at `instant`: its UTC month, clamped to 1970-01…9999-12 so that a
    /// wildly wrong clock still gives a valid file name.
    package init(containing instant: Instant) {
        let date = CivilDate(daysSinceEpoch: floorDivide(instant.secondsSinceEpoch, 86_400))
        if date.year < 1970 {
            self.init(year: 1970, month: 1)
        } else if date.year > 9999 {
            self.init(year: 9999, month: 12)
        } else {
            self.init(year: date.year, month: date.month)
        }
    }

    /// `2026-11.log`, or `2026-11.1.log` for a later file of the same month.
    package var fileName: String {
        let year = String(year)
        let month = month < 10 ? "0\(month)" : String(month)
        let padded = String(repeating: "0", count: max(0, 4 - year.count)) + year
        return sequence == 0 ? "\(padded)-\(month).log" : "\(padded)-\(month).\(sequence).log"
    }

    /// Parses a segment file name; `nil` for every other name.
    package init?(fileName: some StringProtocol) {
        // Over the UTF-8 bytes: a sync folder's start parses every file name of every device's folder, and going by
        // Characters cost 15,000 instructions a name.
        let bytes = Array(fileName.utf8)
        /// The number the ASCII digits at `range` spell, if they are all digits.
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        // YYYY-MM.log, or YYYY-MM.N.log
        let stem = bytes.count - 4
        guard stem >= 7, bytes[stem...].elementsEqual(".log".utf8), bytes[4] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), (1970...9999).contains(year), (1...12).contains(month)
        else { return nil }
        var sequence = 0
        if stem > 7 {
            // "1", "2", …: no leading zeros, so every segment has exactly one name.
            guard bytes[7] == UInt8(ascii: "."), (1...9).contains(stem - 8), bytes[8] != UInt8(ascii: "0"),
                let number = number(8..<stem)
            else { return nil }
            sequence = number
        }
        self.init(year: year, month: month, sequence: sequence)
    }

    /// The segment that follows this one within the same month.
    var nextInSameMonth: SegmentID { SegmentID(year: year, month: month, sequence: sequence + 1) }

    /// Whether `other` is in a later month (the sequence does not matter).
    func isEarlierMonth(than other: SegmentID) -> Bool {
        (year, month) < (other.year, other.month)
    }

    package static func < (lhs: SegmentID, rhs: SegmentID) -> Bool {
        (lhs.year, lhs.month, lhs.sequence) < (rhs.year, rhs.month, rhs.sequence)
    }

    package var description: String { fileName }
}
