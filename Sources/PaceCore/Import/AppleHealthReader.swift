/// Apple Health's `export.xml` (Health → profile → Export All Health Data), read as it streams past: step counts
/// (`HKQuantityTypeIdentifierStepCount`), heart rate (`HKQuantityTypeIdentifierHeartRate`) and workouts
/// (`Workout`, kind from `workoutActivityType`), each source (`sourceName`: "Anna's Apple Watch", an iPhone) a
/// device of its own.
///
/// The file runs to gigabytes and lists records by type, not by time, so what is kept is one compact summary per
/// minute with samples (8 bytes: steps, and the sum and count of heart rates) and the workouts' spans: memory grows
/// with the minutes that hold samples, never with the file (a year of minutes is about 525,000, some 10 MB).
package enum AppleHealthReader {
    /// The root element of the documents this reads.
    package static let root = "HealthData"

    private struct Workout {
        var start: Int64
        var end: Int64
        var kind: String?
    }

    /// Reads the document whose root `<HealthData>` the reader is past, to one track per source.
    package static func read(_ reader: inout XMLPullReader) throws(XMLPullReader.Problem) -> [TrackReader.Track] {
        var minutes: [String: [Int64: UInt64]] = [:]
        var workouts: [String: [Workout]] = [:]
        var records = 0
        while let token = try reader.next() {
            guard case .start(let name, let attributes) = token else { continue }
            guard name == "Record" || name == "Workout" else { continue }
            func attribute(_ key: String) -> String? { attributes.first { $0.name == key }?.value }
            guard let source = attribute("sourceName"), let startText = attribute("startDate"),
                let start = Timestamp.milliseconds(startText)
            else { continue }
            let end = attribute("endDate").flatMap { Timestamp.milliseconds($0) } ?? start
            if name == "Workout" {
                guard end > start, end - start <= 86_400_000 else { continue }
                let kind = attribute("workoutActivityType").flatMap(TrackReader.paceKind)
                workouts[source, default: []].append(Workout(start: start, end: end, kind: kind))
                continue
            }
            switch attribute("type") {
            case "HKQuantityTypeIdentifierStepCount":
                guard let value = attribute("value").flatMap(Double.init), value >= 0, value < 100_000 else { continue }
                let first = floorDivide(start, 60_000)
                let last = max(first, floorDivide(max(start, end - 1), 60_000))
                guard last - first < 1440 else { continue }
                // Spread evenly over the minutes the record covers.
                let share = value / Double(last - first + 1)
                for minute in first...last {
                    var summary = Summary(minutes[source]?[minute] ?? 0)
                    summary.steps = min(65535, summary.steps + Int(share.rounded()))
                    summary.hasSteps = true
                    minutes[source, default: [:]][minute] = summary.packed
                }
                records += 1
            case "HKQuantityTypeIdentifierHeartRate":
                guard let value = attribute("value").flatMap(Double.init),
                    let rate = SampleBoutRule.believed(heartRate: Int(value.rounded()))
                else { continue }
                let minute = floorDivide(start, 60_000)
                var summary = Summary(minutes[source]?[minute] ?? 0)
                summary.add(heartRate: rate)
                minutes[source, default: [:]][minute] = summary.packed
                records += 1
            default: continue
            }
        }
        var tracks: [TrackReader.Track] = []
        for source in Set(minutes.keys).union(workouts.keys).sorted() {
            var byMinute = minutes[source] ?? [:]
            let spans = (workouts[source] ?? []).sorted { $0.start < $1.start }
            var kinds: [Int64: String?] = [:]
            for span in spans {
                let first = floorDivide(span.start, 60_000)
                let last = floorDivide(span.end - 1, 60_000)
                for minute in first...last {
                    kinds[minute] = span.kind
                    if byMinute[minute] == nil { byMinute[minute] = 0 }
                }
            }
            let samples = byMinute.keys.sorted().map { minute in
                let summary = Summary(byMinute[minute] ?? 0)
                let kind = kinds[minute]
                return ActivitySample(
                    minute: minute, steps: summary.hasSteps ? summary.steps : nil, heartRate: summary.heartRate,
                    kind: kind ?? nil, recorded: kind != nil)
            }
            tracks.append(TrackReader.Track(device: source, samples: samples, backwards: 0))
        }
        return tracks
    }

    /// A minute's samples in 8 bytes: steps (16 bits, and a bit saying there were any), the sum of heart rates
    /// (24 bits) and their count (16 bits).
    private struct Summary {
        var steps: Int
        var hasSteps: Bool
        var sum: Int
        var count: Int

        init(_ packed: UInt64) {
            steps = Int(packed & 0xFFFF)
            hasSteps = packed >> 16 & 1 == 1
            sum = Int(packed >> 24 & 0xFF_FFFF)
            count = Int(packed >> 48)
        }

        var packed: UInt64 {
            UInt64(steps) | (hasSteps || steps > 0 ? 1 << 16 : 0) | UInt64(sum) << 24 | UInt64(count) << 48
        }

        mutating func add(heartRate: Int) {
            guard count < 65535, sum + heartRate <= 0xFF_FFFF else { return }
            sum += heartRate
            count += 1
        }

        var heartRate: Int? { count > 0 ? (sum + count / 2) / count : nil }
    }
}

extension TrackReader {
    /// Reads a GPX, TCX or Apple Health document, told by its root element: one track per device.
    package static func readAny(_ reader: inout XMLPullReader) throws(XMLPullReader.Problem) -> [Track] {
        reader.allowsDeclarationsOnlyDTD = true
        guard let first = try reader.next() else { throw .init(reason: "no XML element in it") }
        if case .start(let name, _) = first, name == AppleHealthReader.root {
            return try AppleHealthReader.read(&reader)
        }
        reader.pushBack(first)
        return [try read(&reader)]
    }
}
