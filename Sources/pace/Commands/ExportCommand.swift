import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace export`: everything, for a spreadsheet, a clinician or another machine.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write your events and per-day summaries as CSV or JSON.",
        discussion: """
            --format csv writes the events, one row each, with a header row and a last "json" column that \
            `pace import` reads back; --table days writes one row per pacing day instead (date, budget, used, \
            active minutes, flare, ratings, note). --format json (or --json) writes one document with both: \
            {"format": "pace-export", "version": 1, "exportedAt", "from", "to", "days": [...], "events": [...]}. \
            Everything unless --from, --to or --days narrow it. Writes to standard output unless --output names \
            a file.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    enum Table: String, ExpressibleByArgument, CaseIterable {
        case events, days
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var range: DayRangeOptions

    @Option(name: .long, help: "csv or json (default: csv, or json with --json).")
    var format: Format?

    @Option(name: .long, help: "With csv: events (the default) or days.")
    var table: Table = .events

    @Option(
        name: [.short, .long], help: ArgumentHelp("Write to this file instead.", valueName: "file"),
        completion: .file())
    var output: String?

    func run() throws {
        try reportingFailures {
            let format = self.format ?? (global.json ? .json : .csv)
            let client = try global.connect()
            let status = try global.call(client, PaceAPI.GetStatus.self, NoParameters()).status
            guard let today = CivilDate(iso8601: status.pacingDay) else {
                throw CommandFailure("paced reported an unreadable pacing day", exitCode: ExitStatus.protocolError)
            }
            let zone = SystemClock.zone
            let boundary = DayBoundary(startHour: min(23, max(0, status.dayStartHour)))
            var days: ClosedRange<CivilDate>?
            var events: [JSONValue] = []
            if range.isGiven {
                let chosen = try range.resolve(today: today, defaultDays: 1)
                days = chosen
                let from = zone.instant(on: chosen.lowerBound, secondsIntoDay: boundary.startHour * 3600)
                let to = zone.instant(on: chosen.upperBound.adding(days: 1), secondsIntoDay: boundary.startHour * 3600)
                    .adding(seconds: -1)
                if format == .json || table == .events {
                    events = try global.call(
                        client, PaceAPI.GetEvents.self,
                        .init(from: ClockText.rfc3339(from, zone: zone), to: ClockText.rfc3339(to, zone: zone))
                    ).events
                }
            } else {
                events = try global.call(client, PaceAPI.GetEvents.self, .init()).events
                let first = EventTimes.earliest(in: events).map {
                    boundary.day(containing: $0, utcOffsetSeconds: zone.offsetAt($0))
                }
                days = min(first ?? today, today)...today
            }
            var history: [PaceAPI.Day] = []
            if let days, format == .json || table == .days {
                history = try global.call(
                    client, PaceAPI.GetHistory.self,
                    .init(from: days.lowerBound.iso8601, to: days.upperBound.iso8601)
                ).days
            }
            let text: String
            switch (format, table) {
            case (.json, _):
                let document = ExportDocument(
                    exportedAt: status.now, from: range.isGiven ? days?.lowerBound.iso8601 : nil,
                    to: (days?.upperBound ?? today).iso8601, days: history, events: events)
                text = try JSONOutput.render(document) + "\n"
            case (.csv, .events): text = EventTable.csv(events)
            case (.csv, .days): text = DayTable.csv(history)
            }
            try FileOutput.write(text, to: output ?? "-")
            if let output, output != "-" {
                let what = format == .json || table == .events ? "\(events.count) events" : "\(history.count) days"
                Console.error("Wrote \(output): \(what).")
            }
        }
    }
}

/// Times inside events whose fields Pace does not know: every top-level string that reads as RFC 3339.
enum EventTimes {
    static func earliest(in events: [JSONValue]) -> Instant? {
        var earliest: Instant?
        for event in events {
            guard case .object(let members) = event else { continue }
            for case .string(let text) in members.values {
                guard text.count >= 20, let instant = Instant(rfc3339: text) else { continue }
                earliest = min(earliest ?? instant, instant)
            }
        }
        return earliest
    }
}
