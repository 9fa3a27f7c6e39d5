/// Apple Health's `export.xml` (Health → profile → Export All Health Data), read as it streams past: step counts
/// (`HKQuantityTypeIdentifierStepCount`), heart rate (`HKQuantityTypeIdentifierHeartRate`) and workouts
/// (`Workout`, kind from `workoutActivityType`), each source (`sourceName`: "Anna's Apple Watch", an iPhone) a
/// device of its own.
///
/// The file runs to gigabytes and lists records by type, not by time, so what is kept is one word of 8 bytes per
/// minute with samples, in blocks of a day (``MinuteSummaries``), and the workouts' spans; the samples are handed to
/// the bout finder in time order from there. Memory grows with the days that hold samples, never with the file's
/// bytes: a year of days is 4.2 MB, the 14 years of a 1 GiB export 59 MB.
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
        var minutes: [String: MinuteSummaries] = [:]
        var workouts: [String: [Workout]] = [:]
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
                let share = Int((value / Double(last - first + 1)).rounded())
                for minute in first...last {
                    minutes[source, default: MinuteSummaries()].add(steps: share, at: minute)
                }
            case "HKQuantityTypeIdentifierHeartRate":
                guard let value = attribute("value").flatMap(Double.init),
                    let rate = SampleBoutRule.believed(heartRate: Int(value.rounded()))
                else { continue }
                minutes[source, default: MinuteSummaries()].add(heartRate: rate, at: floorDivide(start, 60_000))
            default: continue
            }
        }
        var tracks: [TrackReader.Track] = []
        for source in Set(minutes.keys).union(workouts.keys).sorted() {
            var summaries = minutes.removeValue(forKey: source) ?? MinuteSummaries()
            // A later workout's minutes are its own where two overlap.
            for span in (workouts[source] ?? []).sorted(by: { $0.start < $1.start }) {
                for minute in floorDivide(span.start, 60_000)...floorDivide(span.end - 1, 60_000) {
                    summaries.record(minute, kind: span.kind)
                }
            }
            tracks.append(TrackReader.Track(device: source, samples: .summaries(summaries), backwards: 0))
        }
        return tracks
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
