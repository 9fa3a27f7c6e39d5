import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace report --svg FILE` / `--html FILE`: a one-page picture of the last weeks.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Draw the last weeks on one page (SVG or HTML) to keep or to show a clinician.",
        discussion: """
            Daily use as bars against the budget line, flare days shaded, today (not over yet) hatched and in \
            no average, and each check-in rating in a panel of its own below; the HTML page adds a table of \
            every day. With a heart-rate sensor ([heart_rate] in the config file), a panel (and two columns) give \
            each day's minutes with a heart rate and those above your threshold. The last 28 pacing days unless \
            you say otherwise. Give - as FILE to write to standard \
            output. The file is yours alone to read (mode 0600, whatever the umask) unless --mode says \
            otherwise. With --json: {"file": ..., "format": "svg"|"html", "from": ..., "to": ..., "days": N}.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var range: DayRangeOptions

    @Option(
        name: .long, help: ArgumentHelp("Write an SVG picture to this file.", valueName: "file"),
        completion: .file(extensions: ["svg"]))
    var svg: String?

    @Option(
        name: .long, help: ArgumentHelp("Write an HTML page to this file.", valueName: "file"),
        completion: .file(extensions: ["html"]))
    var html: String?

    @Option(name: .long, help: FileMode.help)
    var mode: FileMode?

    func validate() throws {
        if (svg == nil) == (html == nil) {
            throw ValidationError("say where the report goes: `pace report --svg report.svg` or `--html report.html`")
        }
        if mode != nil && (svg ?? html) == "-" {
            throw ValidationError("--mode is for a file, not for standard output (-)")
        }
    }

    struct Written: Encodable {
        var file: String
        var format: String
        var from: String
        var to: String
        var days: Int
    }

    func run() throws {
        try reportingFailures {
            let (client, resolved, status) = try HistoryFetch.connect(range, defaultDays: 28, global: global)
            let fetched = HistoryFetch.Result(
                range: resolved, days: try HistoryFetch.history(resolved, client: client, global: global),
                status: status)
            let heartRate = try HistoryFetch.heartRateDays(resolved, client: client, global: global)
            let now = Instant(rfc3339: fetched.status.now) ?? SystemClock.now()
            let file: String
            let format: String
            if let svg {
                file = svg
                format = "svg"
                try FileOutput.write(
                    ReportSVG.render(
                        fetched.days, heartRate: heartRate, generatedAt: now, zone: SystemClock.zone,
                        version: ProductInfo.version),
                    to: svg, mode: mode ?? .ownerOnly)
            } else {
                file = html ?? "-"
                format = "html"
                try FileOutput.write(
                    ReportHTML.render(
                        fetched.days, heartRate: heartRate, generatedAt: now, zone: SystemClock.zone,
                        version: ProductInfo.version),
                    to: file, mode: mode ?? .ownerOnly)
            }
            guard file != "-" else { return }
            // paced leaves out days before it recorded anything: say which days the report really holds.
            let written = Written(
                file: file, format: format, from: fetched.days.first?.date ?? fetched.range.lowerBound.iso8601,
                to: fetched.days.last?.date ?? fetched.range.upperBound.iso8601, days: fetched.days.count)
            if global.json {
                Console.line(try JSONOutput.render(written))
            } else {
                Console.line("Wrote \(file): \(written.days) days, \(written.from) to \(written.to).")
            }
        }
    }
}
