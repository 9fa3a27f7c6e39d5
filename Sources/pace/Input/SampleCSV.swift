import PaceCore

/// A CSV of samples, one row a reading, for sources Pace has no reader for (a spreadsheet, another app's export):
///
///     time,steps,heart_rate,kind,device
///     2026-11-25T10:00:00Z,112,104,walking,band
///
/// `time` (ISO 8601 with `Z` or an offset, Apple Health's `2026-11-25 10:00:00 +0100`, or seconds since 1970) and at
/// least one of `steps` and `heart_rate` are needed; `kind` (walking, cycling, swimming…: named as GPX types are) and
/// `device` may be there, in any order, and an empty cell is no reading. Rows of one minute are summed (steps) and
/// averaged (heart rates); each device's rows must go forward in time (a row earlier than the one before it is left
/// out with a note). Ids come from the device (the `device` cell, else "csv") and the minutes, as for every import.
enum SampleCSV {
    /// Whether `header`, a CSV's first row, is that of samples.
    static func isSamples(_ header: [String]) -> Bool {
        let names = header.map { $0.trimmingWhitespace.lowercased() }
        return names.contains("time") && (names.contains("steps") || names.contains("heart_rate"))
    }

    /// The bouts of the samples in `records` (the header first).
    static func read(_ records: [CSV.Record], context: SampleFile.Context) throws(ImportFile.Problem) -> (
        entries: [ImportFile.Entry], notes: [String]
    ) {
        guard let header = records.first?.fields.map({ $0.trimmingWhitespace.lowercased() }) else { return ([], []) }
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let timeColumn = column("time") else { throw ImportFile.Problem(reason: "it has no \"time\" column") }
        let stepsColumn = column("steps")
        let rateColumn = column("heart_rate")
        let kindColumn = column("kind")
        let deviceColumn = column("device")

        struct Source {
            var finder: BoutFinder
            var minute = GadgetbridgeFile.MinuteSteps()
            var kind: String?
            var last: Int64?
        }
        var sources: [String: Source] = [:]
        var order: [String] = []
        var bouts: [ImportedBout] = []
        var backwards = 0
        for record in records.dropFirst() {
            func cell(_ index: Int?) -> String? {
                guard let index, record.fields.indices.contains(index) else { return nil }
                let text = record.fields[index].trimmingWhitespace
                return text.isEmpty ? nil : text
            }
            if record.fields.allSatisfy({ $0.trimmingWhitespace.isEmpty }) { continue }
            guard let timeText = cell(timeColumn) else {
                throw ImportFile.Problem(reason: "line \(record.line): no time")
            }
            guard let milliseconds = Timestamp.milliseconds(timeText) ?? Int64(timeText).map({ $0 * 1000 }) else {
                throw ImportFile.Problem(reason: "line \(record.line): \"\(timeText)\" is not a time")
            }
            func number(_ index: Int?, _ name: String) throws(ImportFile.Problem) -> Int? {
                guard let text = cell(index) else { return nil }
                guard let value = Double(text), value.isFinite, value >= 0, value < 1_000_000 else {
                    throw ImportFile.Problem(reason: "line \(record.line): \(name) \"\(text)\" is not a number")
                }
                return Int(value.rounded())
            }
            let steps = try number(stepsColumn, "steps")
            let rate = try number(rateColumn, "heart_rate")
            let device = cell(deviceColumn) ?? "csv"
            if sources[device] == nil {
                sources[device] = Source(finder: BoutFinder(device: device, rule: context.rule))
                order.append(device)
            }
            let minute = floorDivide(milliseconds, 60_000)
            if let last = sources[device]!.last, minute < last {
                backwards += 1
                continue
            }
            sources[device]!.last = minute
            let kind = cell(kindColumn).flatMap(TrackReader.paceKind)
            let previousKind = sources[device]!.kind
            if var sample = sources[device]!.minute.add(minute: minute, steps: steps, heartRate: rate) {
                sample.kind = previousKind
                bouts += sources[device]!.finder.add(sample)
            }
            sources[device]!.kind = kind
        }
        for device in order {
            guard var source = sources[device] else { continue }
            if var sample = source.minute.take() {
                sample.kind = source.kind
                bouts += source.finder.add(sample)
            }
            if let bout = source.finder.finish() { bouts.append(bout) }
        }
        let notes = backwards == 0 ? [] : ["\(backwards) rows earlier than the one before them were left out"]
        return (try SampleFile.entries(of: bouts, context: context), notes)
    }
}

extension String {
    /// Without spaces and tabs at either end.
    fileprivate var trimmingWhitespace: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
