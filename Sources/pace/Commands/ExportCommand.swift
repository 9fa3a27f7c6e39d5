import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace export`: everything, for a spreadsheet, a clinician or another machine.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write your events and per-day summaries as CSV or JSON.",
        discussion: """
            --format csv writes the events, one row each, with a header row: "localTime" (when it happened, \
            ISO 8601 with its offset: a bout's own start), "minutes" and "points" of a bout, then every field \
            (times in ISO 8601, rates to two decimals), and a last "json" column that `pace import` reads back; \
            --table days writes one row per pacing day instead (date, budget, used, active minutes, flare, \
            check-ins, the day's last ratings, notes, a change of the base). --format json (or --json) writes one document with both: \
            {"format": "pace-export", "version": 2, "exportedAt", "from", "to", "days": [...], "events": [...]}. \
            Everything unless --from, --to or --days narrow it; "from" and "to" are the pacing days covered. \
            --heart-rate writes the heart-rate minutes kept beside the log instead (a heart-rate sensor's, one row \
            a minute: start, minimum, maximum, mean, samples, samplesAbove, contactLost, threshold), as CSV, or \
            with --format json one JSON object a line. \
            Writes to standard output unless --output names a file, which only you may read (mode 0600, whatever \
            the umask: this is health data) unless --mode says otherwise.
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

    @Option(name: .long, help: FileMode.help)
    var mode: FileMode?

    @Flag(name: .long, help: "Write the heart-rate minutes instead of the events.")
    var heartRate = false

    func validate() throws {
        if mode != nil && (output ?? "-") == "-" {
            throw ValidationError("--mode is for a file: give it with --output FILE")
        }
    }

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
            let from = first.map { ClockText.rfc3339(dayStart($0), zone: zone) }
            let to = ClockText.rfc3339(dayStart(last.adding(days: 1)).adding(seconds: -1), zone: zone)
            if heartRate {
                let file = try OutputFile(output ?? "-", mode: mode ?? .ownerOnly)
                if format == .csv { try file.write(CSV.row(HeartRateTable.columns)) }
                var written = 0
                var after: Int?
                repeat {
                    let reply = try global.call(
                        client, PaceAPI.GetHeartRateMinutes.self, .init(from: from, to: to, after: after))
                    for minute in reply.minutes {
                        try file.write(
                            format == .csv ? HeartRateTable.row(minute) : try JSONOutput.line(minute) + "\n")
                    }
                    written += reply.minutes.count
                    after = reply.next
                } while after != nil
                try file.finish()
                if let output, output != "-" { Console.line("Wrote \(output): \(written) heart-rate minutes.") }
                return
            }
            let writesEvents = format == .json || table == .events
            // Written as they arrive, page by page, never all held. What must be known before the first is written
            // (the first day, when it is the earliest event's; a CSV table's columns) is learnt by reading the
            // events once without keeping them (a started bout's length, too, is known only once its end is read),
            // and they are then read again, page for page the same.
            var layout: EventFetch.Layout?
            var earliest: Instant?
            var names = Set<String>()
            var lengths = BoutLengths()
            if first == nil || (format == .csv && table == .events) {
                layout = try EventFetch.pages(from: from, to: to, client: client, global: global) { events in
                    if first == nil, let time = EventTimes.earliest(in: events) {
                        earliest = min(earliest ?? time, time)
                    }
                    if format == .csv && table == .events {
                        for event in events {
                            names.formUnion(EventTable.cells(of: event).keys)
                            lengths.note(event)
                        }
                    }
                }
            }
            let earliestDay = earliest.map { boundary.day(containing: $0, utcOffsetSeconds: zone.offsetAt($0)) }
            let firstDay = first ?? min(earliestDay ?? last, last)

            let file = try OutputFile(output ?? "-", mode: mode ?? .ownerOnly)
            var events = 0
            var days = 0
            func eachEvent(_ body: (JSONValue) throws -> Void) throws {
                let page: ([JSONValue]) throws -> Void = { page in
                    for event in page { try body(event) }
                    events += page.count
                }
                if let layout {
                    try EventFetch.pages(again: layout, from: from, to: to, client: client, global: global, page)
                } else {
                    try EventFetch.pages(from: from, to: to, client: client, global: global, page)
                }
            }
            func eachDay(_ body: (PaceAPI.Day) throws -> Void) throws {
                try HistoryFetch.eachDay(firstDay...last, client: client, global: global) { day in
                    try body(day)
                    days += 1
                }
            }
            switch (format, table) {
            case (.json, _):
                let skeleton = ExportDocument(
                    exportedAt: status.now, from: firstDay.iso8601, to: last.iso8601, days: [], events: [])
                let document = try StreamedJSON(skeleton, arrays: ["days", "events"], to: file)
                try eachDay { try document.add($0) }
                try document.endArray()
                try eachEvent { try document.add($0) }
                try document.endArray()
                try file.write("\n")
            case (.csv, .events):
                let columns = EventTable.columns(for: names)
                let seconds = lengths.seconds()
                try file.write(CSV.row(columns))
                try eachEvent { try file.write(EventTable.row($0, columns: columns, startedBoutSeconds: seconds)) }
            case (.csv, .days):
                try file.write(CSV.row(DayTable.columns))
                try eachDay { try file.write(DayTable.row($0)) }
            }
            try file.finish()
            if let output, output != "-" {
                let what = writesEvents ? "\(events) events" : "\(days) days"
                Console.line("Wrote \(output): \(what), \(firstDay) to \(last).")
            }
        }
    }
}
