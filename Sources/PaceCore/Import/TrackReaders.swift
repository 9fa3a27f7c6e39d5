/// Readers of recorded activities in XML: GPX (heart rate in Garmin's TrackPointExtension, `gpxtpx:hr`) and TCX
/// (`HeartRateBpm`), to ``ActivitySample``s of one minute each, every minute of a track or lap a recorded one.
package enum TrackReader {
    /// What a file held.
    package struct Track: Sendable, Equatable {
        /// The source device, for ids: TCX's `Creator` name and unit id, GPX's `creator`.
        package var device: String
        /// Minutes in time order; of a GPX or TCX file each recorded, heart rate the mean of the minute's points.
        package var samples: Samples
        /// Points earlier than (or at the time of) the one before them, left out.
        package var backwards: Int
    }

    /// A track's minutes in time order: a GPX or TCX file's in a list, Apple Health's made one at a time from their
    /// compact summaries.
    package enum Samples: Sendable, Equatable, Sequence {
        case list([ActivitySample])
        case summaries(MinuteSummaries)

        package func makeIterator() -> Iterator {
            switch self {
            case .list(let samples): .list(samples.makeIterator())
            case .summaries(let summaries): .summaries(summaries.makeIterator())
            }
        }

        package enum Iterator: IteratorProtocol {
            case list(IndexingIterator<[ActivitySample]>)
            case summaries(MinuteSummaries.Iterator)

            package mutating func next() -> ActivitySample? {
                switch self {
                case .list(var iterator):
                    defer { self = .list(iterator) }
                    return iterator.next()
                case .summaries(var iterator):
                    defer { self = .summaries(iterator) }
                    return iterator.next()
                }
            }
        }
    }

    /// Reads a GPX or TCX document (told by its root element).
    package static func read(_ reader: inout XMLPullReader) throws(XMLPullReader.Problem) -> Track {
        var minutes = MinuteGatherer()
        var path: [String] = []
        var device: String?
        var creatorName: String?
        var unit: String?
        var kind: String?
        var time: Int64?
        var heartRate: Int?
        var text = ""
        var root: String?
        while let token = try reader.next() {
            switch token {
            case .start(let name, let attributes):
                if root == nil {
                    root = name
                    guard name == "gpx" || name == "TrainingCenterDatabase" else {
                        throw .init(reason: "<\(name)> is neither GPX nor TCX")
                    }
                    device = attributes.first { $0.name == "creator" }?.value
                }
                path.append(name)
                text = ""
                switch name {
                case "trk": kind = nil
                case "Activity": kind = attributes.first { $0.name == "Sport" }.flatMap { paceKind($0.value) }
                case "trkpt", "Trackpoint":
                    time = nil
                    heartRate = nil
                default: break
                }
            case .text(let chunk):
                text += chunk
            case .end(let name):
                let parent = path.dropLast().last
                path.removeLast()
                let value = text.trimmingSpaces
                switch (name, parent) {
                case ("type", "trk"): kind = paceKind(value)
                case ("time", "trkpt"), ("Time", "Trackpoint"): time = Timestamp.milliseconds(value)
                case ("hr", _) where path.contains("trkpt"): heartRate = Int(value)
                case ("Value", "HeartRateBpm") where path.contains("Trackpoint"): heartRate = Int(value)
                case ("Name", "Creator"): creatorName = value
                case ("UnitId", "Creator"): unit = value
                case ("trkpt", _), ("Trackpoint", _):
                    if let time { minutes.add(at: time, heartRate: heartRate, kind: kind) }
                case ("trkseg", _), ("trk", _), ("Lap", _), ("Track", _): minutes.breakRecording()
                default: break
                }
                text = ""
            }
        }
        if root == nil { throw .init(reason: "no XML element in it") }
        let tcxDevice = [creatorName, unit].compactMap(\.self).joined(separator: " ")
        return Track(
            device: tcxDevice.isEmpty ? device ?? root ?? "" : tcxDevice, samples: .list(minutes.finish()),
            backwards: minutes.backwards)
    }

    /// The Pace kind a GPX `type`, TCX `Sport` or Apple workout type names, if one.
    package static func paceKind(_ text: String) -> String? {
        let word = text.lowercased()
        if word.contains("walk") || word.contains("hik") { return "walk" }
        if word.contains("cycl") || word.contains("bik") || word.contains("ride") { return "cycling" }
        if word.contains("swim") || word.contains("water") { return "water-exercise" }
        if word.contains("yoga") { return "yoga" }
        if word.contains("tai") && word.contains("chi") { return "tai-chi" }
        return nil
    }
}

/// Gathers timed readings into minutes: the mean heart rate of each (believed readings only).
package struct MinuteGatherer: Sendable {
    private var samples: [ActivitySample] = []
    private var last: Int64?
    private var minute: Int64?
    private var sum = 0
    private var count = 0
    private var kind: String?
    package private(set) var backwards = 0

    package init() {}

    /// A reading at `milliseconds`; one not later than the one before it is left out.
    package mutating func add(at milliseconds: Int64, heartRate: Int?, kind: String?) {
        if let last, milliseconds <= last {
            backwards += 1
            return
        }
        last = milliseconds
        let current = floorDivide(milliseconds, 60_000)
        if current != minute { flush() }
        minute = current
        self.kind = kind
        if let rate = SampleBoutRule.believed(heartRate: heartRate) {
            sum += rate
            count += 1
        }
    }

    /// A track or lap ended.
    package mutating func breakRecording() { flush() }

    private mutating func flush() {
        guard let minute else { return }
        if let previous = samples.last?.minute, previous >= minute { return }
        samples.append(
            ActivitySample(
                minute: minute, heartRate: count > 0 ? (sum + count / 2) / count : nil, kind: kind, recorded: true))
        self.minute = nil
        sum = 0
        count = 0
    }

    package mutating func finish() -> [ActivitySample] {
        flush()
        return samples
    }
}

/// Times as these files write them: `2026-11-25T10:00:00Z`, with fractions of a second or an offset
/// (`+01:00`, `+0100`), or Apple Health's `2026-11-25 10:00:00 +0100`.
package enum Timestamp {
    /// Milliseconds since 1970, or `nil` when `text` is no such time.
    package static func milliseconds(_ text: some StringProtocol) -> Int64? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count >= 19, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54 || bytes[10] == 0x20,
            bytes[13] == 0x3A, bytes[16] == 0x3A, let year = number(0..<4), let month = number(5..<7),
            let day = number(8..<10), let hour = number(11..<13), let minute = number(14..<16),
            let second = number(17..<19), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var index = 19
        var fraction = 0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var scale = 100
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                fraction += Int(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        var offset = 0
        if index < bytes.count {
            switch bytes[index] {
            case 0x5A: index += 1
            case 0x2B, 0x2D:
                let sign = bytes[index] == 0x2D ? -1 : 1
                guard let hours = number((index + 1)..<(index + 3)) else { return nil }
                var next = index + 3
                if next < bytes.count, bytes[next] == 0x3A { next += 1 }
                guard let minutes = number(next..<(next + 2)) else { return nil }
                offset = sign * (hours * 3600 + minutes * 60)
                index = next + 2
            default: return nil
            }
        }
        guard index == bytes.count else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = days * 86400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return seconds * 1000 + Int64(fraction)
    }
}

extension String {
    /// Without the white space at either end.
    fileprivate var trimmingSpaces: String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { $0 > 0x20 }), let last = bytes.lastIndex(where: { $0 > 0x20 })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
