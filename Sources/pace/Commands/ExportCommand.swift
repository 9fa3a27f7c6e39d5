import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace export`: everything, for a spreadsheet, a clinician or another machine.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write your events and per-day summaries as CSV or JSON.",
        discussion: """
            --format csv writes the events, one row each, with a header row, a "localTime" column a \
            spreadsheet reads, and a last "json" column that `pace import` reads back; --table days writes one \
            row per pacing day instead (date, budget, used, active minutes, flare, check-ins, the day's last \
            ratings, notes, a change of the base). --format json (or --json) writes one document with both: \
            {"format": "pace-export", "version": 1, "exportedAt", "from", "to", "days": [...], "events": [...]}. \
            Everything unless --from, --to or --days narrow it; "from" and "to" are the pacing days covered. \
            Writes to standard output unless --output names a file.
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
            let today = try HistoryFetch.pacingDay(of: status)
            let zone = SystemClock.zone
            let boundary = DayBoundary(startHour: min(23, max(0, status.dayStartHour)))
            func dayStart(_ date: CivilDate) -> Instant {
                zone.instant(on: date, secondsIntoDay: boundary.startHour * 3600)
            }

            // Without --from or --days, everything: the days then begin with the earliest event.
            let (first, last) = try range.resolveOpenStart(today: today)
            var events: [JSONValue] = []
            if format == .json || table == .events || first == nil {
                let to = dayStart(last.adding(days: 1)).adding(seconds: -1)
                events = try EventFetch.all(
                    from: first.map { ClockText.rfc3339(dayStart($0), zone: zone) },
                    to: ClockText.rfc3339(to, zone: zone), client: client, global: global)
            }
            let earliest = EventTimes.earliest(in: events).map {
                boundary.day(containing: $0, utcOffsetSeconds: zone.offsetAt($0))
            }
            let firstDay = first ?? min(earliest ?? last, last)
            var history: [PaceAPI.Day] = []
            if format == .json || table == .days {
                history = try HistoryFetch.history(firstDay...last, client: client, global: global)
            }

            let text: String
            switch (format, table) {
            case (.json, _):
                let document = ExportDocument(
                    exportedAt: status.now, from: firstDay.iso8601, to: last.iso8601, days: history, events: events)
                text = try JSONOutput.render(document) + "\n"
            case (.csv, .events): text = EventTable.csv(events)
            case (.csv, .days): text = DayTable.csv(history)
            }
            try FileOutput.write(text, to: output ?? "-")
            if let output, output != "-" {
                let what = format == .json || table == .events ? "\(events.count) events" : "\(history.count) days"
                Console.line("Wrote \(output): \(what), \(firstDay) to \(last).")
            }
        }
    }
}
