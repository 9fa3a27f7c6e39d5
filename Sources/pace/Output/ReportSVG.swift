import PaceCore
import PaceProtocol

/// `pace report --svg`: one page a person could show a clinician: daily use as bars against the day's
/// budget (a line), flare days shaded, and the check-in ratings below, over the days asked for.
///
/// Plain SVG 1.1 with no scripts, fonts or external references, so it prints, opens in any browser and
/// converts with `rsvg-convert`. Every day is a `<g>` whose `<title>` names its date and figures, so the
/// picture can be read with a screen reader and searched for a date.
enum ReportSVG {
    static let width = 960.0
    static let height = 600.0
    private static let left = 64.0
    private static let right = 24.0
    private static let useTop = 92.0
    private static let useHeight = 240.0
    private static let ratingTop = 392.0
    private static let ratingHeight = 130.0

    /// Colours chosen to read in greyscale too: use is a calm blue, use beyond the budget amber, flare days a
    /// pale rose behind the bars.
    static let ratingColours = [
        "energy": "#2e7d4f", "fatigue": "#6b5b95", "pain": "#a0522d", "sleep": "#1f5f8b", "stress": "#8a8a3c",
    ]

    /// The picture of `days`.
    ///
    /// - Parameters:
    ///   - days: One entry per pacing day, oldest first.
    ///   - generatedAt: When the report was made, for the footer.
    ///   - zone: The local zone, for the footer.
    ///   - version: Pace's version, for the footer.
    static func render(_ days: [PaceAPI.Day], generatedAt: Instant, zone: LocalZone, version: String) -> String {
        var svg = Markup()
        svg.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", format(width)), ("height", format(height)),
                ("viewBox", "0 0 \(format(width)) \(format(height))"), ("font-family", "DejaVu Sans, sans-serif"),
                ("font-size", "12"), ("role", "img"),
            ])
        let title = "Activity and budget, " + dateRange(days)
        svg.element("title", text: title)
        svg.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")])
        svg.element(
            "text", [("x", format(left)), ("y", "34"), ("font-size", "20"), ("font-weight", "bold")], text: title)
        svg.element(
            "text", [("x", format(left)), ("y", "58"), ("fill", "#333333")], text: ReportSummary(days).sentence)

        guard !days.isEmpty else {
            svg.element("text", [("x", format(left)), ("y", "120")], text: "No days to show.")
            svg.close("svg")
            return svg.text
        }
        let plotWidth = width - left - right
        let slot = plotWidth / Double(days.count)
        let highest = days.map { max($0.budget, $0.used) }.max() ?? 0
        let tick = niceStep(highest / 4)
        let top = max(tick, (highest / tick).rounded(.up) * tick)
        func y(_ points: Double) -> Double { useTop + useHeight - min(points, top) / top * useHeight }
        func ratingY(_ value: Int) -> Double { ratingTop + ratingHeight - Double(value) / 10 * ratingHeight }

        // Axes and grid.
        svg.element(
            "text", [("x", format(left)), ("y", format(useTop - 12)), ("fill", "#333333")],
            text: "Effort points a day: used (bars) and budget (line)")
        for step in 0...Int((top / tick).rounded()) {
            let points = tick * Double(step)
            let lineY = y(points)
            svg.element(
                "line",
                [
                    ("x1", format(left)), ("x2", format(width - right)), ("y1", format(lineY)), ("y2", format(lineY)),
                    ("stroke", "#e4e4e4"),
                ])
            svg.element(
                "text",
                [("x", format(left - 8)), ("y", format(lineY + 4)), ("text-anchor", "end"), ("fill", "#555555")],
                text: NumberText.whole(points))
        }

        // One group per day: flare shading, the bar, the budget step, the date label.
        for (index, day) in days.enumerated() {
            let x = left + Double(index) * slot
            svg.open("g", [("class", "day"), ("data-date", day.date)])
            svg.element("title", text: dayTitle(day))
            if day.flare || day.mode == .flare {
                svg.element(
                    "rect",
                    [
                        ("x", format(x)), ("y", format(useTop)), ("width", format(slot)), ("height", format(useHeight)),
                        ("fill", "#f4dede"),
                    ])
            }
            let barX = x + slot * 0.2
            let barWidth = slot * 0.6
            let inside = min(day.used, day.budget)
            if inside > 0 {
                svg.element(
                    "rect",
                    [
                        ("x", format(barX)), ("y", format(y(inside))), ("width", format(barWidth)),
                        ("height", format(y(0) - y(inside))), ("fill", "#5b8fb0"),
                    ])
            }
            if day.used > day.budget {
                svg.element(
                    "rect",
                    [
                        ("x", format(barX)), ("y", format(y(day.used))), ("width", format(barWidth)),
                        ("height", format(y(day.budget) - y(day.used))), ("fill", "#e0a040"),
                    ])
            }
            if day.budget > 0 {
                var attributes = [
                    ("x1", format(x + 1)), ("x2", format(x + slot - 1)), ("y1", format(y(day.budget))),
                    ("y2", format(y(day.budget))), ("stroke", "#222222"), ("stroke-width", "2"),
                ]
                if day.provisional || day.mode == .calibrating { attributes.append(("stroke-dasharray", "4 3")) }
                svg.element("line", attributes)
            }
            if let label = dateLabel(day.date, index: index, count: days.count) {
                svg.element(
                    "text",
                    [
                        ("x", format(x + slot / 2)), ("y", format(useTop + useHeight + 16)), ("text-anchor", "middle"),
                        ("fill", "#555555"), ("font-size", "11"),
                    ],
                    text: label)
            }
            svg.close("g")
        }

        // Ratings: one line per rating, broken where a day has none.
        svg.element(
            "text", [("x", format(left)), ("y", format(ratingTop - 12)), ("fill", "#333333")],
            text: "Check-in ratings, 0-10 (energy 5 = usual)")
        for value in [0, 5, 10] {
            svg.element(
                "line",
                [
                    ("x1", format(left)), ("x2", format(width - right)), ("y1", format(ratingY(value))),
                    ("y2", format(ratingY(value))), ("stroke", "#e4e4e4"),
                ])
            svg.element(
                "text",
                [
                    ("x", format(left - 8)), ("y", format(ratingY(value) + 4)), ("text-anchor", "end"),
                    ("fill", "#555555"),
                ],
                text: String(value))
        }
        var legend: [(String, String)] = []
        for column in RatingColumn.all {
            let colour = ratingColours[column.name] ?? "#000000"
            // Check-ins are often a few days apart: a thin line joins them, so the trend reads at a glance.
            var points: [(Double, Double)] = []
            for (index, day) in days.enumerated() {
                if let value = column.value(day.checkIn) {
                    points.append((left + (Double(index) + 0.5) * slot, ratingY(value)))
                }
            }
            guard !points.isEmpty else { continue }
            legend.append((column.name, colour))
            if points.count > 1 {
                svg.element(
                    "polyline",
                    [
                        ("points", points.map { "\(format($0.0)),\(format($0.1))" }.joined(separator: " ")),
                        ("fill", "none"), ("stroke", colour), ("stroke-width", "1.5"), ("stroke-opacity", "0.7"),
                    ])
            }
            for point in points {
                svg.element(
                    "circle", [("cx", format(point.0)), ("cy", format(point.1)), ("r", "3"), ("fill", colour)])
            }
        }

        // Legend and footer.
        var legendX = left
        let legendY = ratingTop + ratingHeight + 30
        let keys: [(String, String)] =
            [("used", "#5b8fb0"), ("beyond the budget", "#e0a040"), ("flare day", "#f4dede")] + legend
        for (name, colour) in keys {
            svg.element(
                "rect",
                [
                    ("x", format(legendX)), ("y", format(legendY - 10)), ("width", "12"), ("height", "12"),
                    ("fill", colour),
                ])
            svg.element("text", [("x", format(legendX + 18)), ("y", format(legendY))], text: name)
            legendX += 30 + Double(name.count) * 7
        }
        svg.element(
            "line",
            [
                ("x1", format(legendX)), ("x2", format(legendX + 16)), ("y1", format(legendY - 4)),
                ("y2", format(legendY - 4)), ("stroke", "#222222"), ("stroke-width", "2"),
            ])
        svg.element(
            "text", [("x", format(legendX + 22)), ("y", format(legendY))], text: "budget (dashed: provisional)")
        let generated = "\(zone.date(of: generatedAt).iso8601) \(ClockText.time(generatedAt, zone: zone))"
        svg.element(
            "text", [("x", format(left)), ("y", format(height - 14)), ("fill", "#777777"), ("font-size", "10")],
            text: "Made by Pace \(version) on \(generated). Effort points are minutes × (MET − 1) of each activity; "
                + "the budget is Pace's estimate of a day's energy envelope, not a target.")
        svg.close("svg")
        return svg.text
    }

    /// `12 Nov 2026 – 25 Nov 2026`.
    static func dateRange(_ days: [PaceAPI.Day]) -> String {
        guard let first = days.first?.date, let last = days.last?.date else { return "no days" }
        func long(_ text: String) -> String {
            guard let date = CivilDate(iso8601: text) else { return text }
            return "\(ClockText.dayAndMonth(date)) \(date.year)"
        }
        return first == last ? long(first) : "\(long(first)) – \(long(last))"
    }

    /// The tooltip of a day: its date and every figure, in words.
    static func dayTitle(_ day: PaceAPI.Day) -> String {
        var parts = [day.date, "used \(NumberText.whole(day.used)) of \(NumberText.whole(day.budget)) points"]
        if day.activeMinutes > 0 { parts.append("\(day.activeMinutes) min active") }
        if day.flare || day.mode == .flare { parts.append("flare") }
        if day.provisional { parts.append("provisional budget") }
        for column in RatingColumn.all {
            if let value = column.value(day.checkIn) { parts.append("\(column.name) \(value)") }
        }
        if let note = day.checkIn?.note, !note.isEmpty { parts.append("note: \(note)") }
        return parts.joined(separator: " · ")
    }

    /// The label under a day: every day's number for a month or less, else Mondays (and the first day).
    private static func dateLabel(_ text: String, index: Int, count: Int) -> String? {
        guard let date = CivilDate(iso8601: text) else { return nil }
        if count <= 31 {
            return date.day == 1 || index == 0 ? ClockText.dayAndMonth(date) : String(date.day)
        }
        return date.weekday == 0 || index == 0 ? ClockText.dayAndMonth(date) : nil
    }

    /// A round step (1, 2, 2.5 or 5 times a power of ten) at or above `value`, at least 5, for the scale's ticks.
    static func niceStep(_ value: Double) -> Double {
        guard value > 5 else { return 5 }
        var magnitude = 1.0
        while magnitude * 10 <= value { magnitude *= 10 }
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= value {
            return step * magnitude
        }
        return 10 * magnitude
    }

    /// Coordinates with at most one decimal.
    static func format(_ value: Double) -> String {
        NumberText.decimal(value, places: 1)
    }
}
