import PaceCore
import PaceProtocol

/// `pace report --svg`: one page a person could show a clinician: daily use as bars against the day's
/// budget (a line), flare days shaded, today (still under way) hatched and left out of every average, and below,
/// one small panel per check-in rating on a common 0–10 scale, each saying which way is better. With heart-rate
/// minutes kept (a sensor configured, `[heart_rate]`), a panel between them shows each day's minutes with a
/// heart-rate reading and, of them, the minutes above the threshold.
///
/// Plain SVG 1.1 with no scripts, fonts or external references, so it prints, opens in any browser and
/// converts with `rsvg-convert`. Every day is a `<g>` whose `<title>` names its date and figures, and every rating
/// panel a `<g>` whose `<title>` reads out its values, so the picture can be read with a screen reader and searched
/// for a date. Text is wrapped to the page by its estimated width, and the page is as tall as what it holds.
enum ReportSVG {
    static let width = 960.0
    private static let left = 64.0
    private static let right = 24.0
    private static let plotWidth = width - left - right
    private static let useHeight = 240.0
    private static let panelHeight = 50.0
    private static let lineHeight = 16.0

    /// Colours chosen to read in greyscale too: use is a calm blue, use beyond the budget amber, flare days a
    /// pale rose behind the bars.
    static let usedColour = "#5b8fb0"
    static let beyondColour = "#e0a040"
    static let flareColour = "#f4dede"
    /// Heart rate: minutes with a reading a pale grey, minutes above the threshold a dark red (darker than the
    /// amber of use beyond the budget, so the two differ in greyscale).
    static let heartRateColour = "#c8ccd0"
    static let aboveColour = "#a63a2a"
    private static let heartRateHeight = 60.0

    /// One dark colour a rating, each far from the others and from the bars' blue and amber, and dark enough to
    /// read as text on white; the panels are labelled too, so nothing rests on colour alone.
    static let ratingColours = [
        "energy": "#1b7837", "fatigue": "#762a83", "pain": "#b2182b", "sleep": "#8c510a", "stress": "#c51b7d",
    ]

    /// The advance of a character in DejaVu Sans, the font asked for (the widest of the usual fallbacks), in em:
    /// its letters, digits and spaces average under 0.62 em in these words (a digit is 0.64, a space 0.32).
    static let advance = 0.62

    /// The width of `text` estimated from its length.
    static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * advance
    }

    /// The picture of `days`.
    ///
    /// - Parameters:
    ///   - days: One entry per pacing day, oldest first.
    ///   - heartRate: The days' heart-rate minutes (`GetHeartRateDays`); no panel when none has a minute.
    ///   - generatedAt: When the report was made, for the footer.
    ///   - zone: The local zone, for the footer.
    ///   - version: Pace's version, for the footer.
    static func render(
        _ days: [PaceAPI.Day], heartRate: [PaceAPI.HeartRateDay] = [], generatedAt: Instant, zone: LocalZone,
        version: String
    ) -> String {
        let title = "Activity and budget, " + dateRange(days)
        let heartRate = heartRateByDate(heartRate, days: days)
        let summary = ReportSummary(days, heartRate: heartRate).sentence
        let generated = "\(zone.date(of: generatedAt).iso8601) \(ClockText.time(generatedAt, zone: zone))"
        let footer =
            "Made by Pace \(version) on \(generated). Effort points are minutes × (MET − 1) of each activity; "
            + "the budget is Pace's estimate of a day's energy envelope, not a target."
        let ratings = RatingColumn.all.filter { column in days.contains { column.value($0.checkIn) != nil } }

        // The page from the top down: each part starts where the one above ends.
        let summaryLines = TextWrap.wrap(summary, width: characters(fitting: plotWidth, fontSize: 12))
        let useTop = 58 + lineHeight * Double(summaryLines.count - 1) + 34
        let useBottom = useTop + useHeight
        // The heart-rate panel, when there is one: its heading, then the bars.
        let heartRateHeading = useBottom + 62
        let heartRateTop = heartRateHeading + 22
        let heartRateBottom = heartRate.isEmpty ? useBottom : heartRateTop + heartRateHeight
        let ratingsHeading = heartRate.isEmpty ? useBottom + 62 : heartRateBottom + 48
        let panelPitch = panelHeight + 34
        let chartsBottom =
            ratings.isEmpty
            ? (heartRate.isEmpty ? useBottom + 36 : heartRateBottom + 22)
            : ratingsHeading + 14 + Double(ratings.count) * panelPitch
        let legendRows = legendRows(hasToday: days.contains(where: \.today), hasHeartRate: !heartRate.isEmpty)
        let legendTop = chartsBottom + 26
        let footerLines = TextWrap.wrap(footer, width: characters(fitting: plotWidth, fontSize: 10))
        let footerTop = legendTop + 22 * Double(legendRows.count) + 14
        let height = days.isEmpty ? 90 : footerTop + 13 * Double(footerLines.count) + 8

        var svg = Markup()
        svg.open(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", format(width)), ("height", format(height)),
                ("viewBox", "0 0 \(format(width)) \(format(height))"), ("font-family", "DejaVu Sans, sans-serif"),
                ("font-size", "12"), ("role", "img"), ("aria-label", title + ". " + summary + "."),
            ])
        svg.element("title", text: title)
        svg.element("desc", text: summary + ".")
        svg.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")])
        svg.element(
            "text", [("x", format(left)), ("y", "34"), ("font-size", "20"), ("font-weight", "bold")], text: title)
        guard !days.isEmpty else {
            svg.element("text", [("x", format(left)), ("y", "58")], text: "No days to show.")
            svg.close("svg")
            return svg.text
        }
        paragraph(&svg, summaryLines, y: 58, lineHeight: lineHeight, attributes: [("fill", "#333333")])
        if days.contains(where: \.today) { hatchPatterns(&svg) }
        let slot = plotWidth / Double(days.count)
        useChart(&svg, days, heartRate: heartRate, top: useTop, slot: slot)
        if !heartRate.isEmpty {
            heartRatePanel(&svg, days, heartRate, heading: heartRateHeading, top: heartRateTop, slot: slot)
        }
        if !ratings.isEmpty {
            svg.element(
                "text", [("x", format(left)), ("y", format(ratingsHeading)), ("fill", "#333333")],
                text: "Check-in ratings, each on its own 0-10 scale (an open dot is today's, in no average)")
            for (index, column) in ratings.enumerated() {
                ratingPanel(
                    &svg, column, days, top: ratingsHeading + 14 + Double(index) * panelPitch + 22, slot: slot)
            }
        }
        legend(&svg, legendRows, top: legendTop)
        svg.open("g", [("fill", "#777777"), ("font-size", "10")])
        paragraph(&svg, footerLines, y: footerTop, lineHeight: 13, attributes: [])
        svg.close("g")
        svg.close("svg")
        return svg.text
    }

    /// The bars: the scale, then a group per day with its flare shading, bar, budget step and date label.
    private static func useChart(
        _ svg: inout Markup, _ days: [PaceAPI.Day], heartRate: [String: PaceAPI.HeartRateDay], top useTop: Double,
        slot: Double
    ) {
        let highest = days.map { max($0.budget, $0.used) }.max() ?? 0
        let tick = niceStep(highest / 4)
        let top = max(tick, (highest / tick).rounded(.up) * tick)
        func y(_ points: Double) -> Double { useTop + useHeight - min(points, top) / top * useHeight }

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

        // A date label is left out where it would run into the one before (the first day and a Monday close by).
        var labelledUpTo = 0.0
        for (index, day) in days.enumerated() {
            let x = left + Double(index) * slot
            svg.open("g", [("class", day.today ? "day today" : "day"), ("data-date", day.date)])
            svg.element("title", text: dayTitle(day, heartRate: heartRate[day.date]))
            if day.flare || day.mode == .flare {
                svg.element(
                    "rect",
                    [
                        ("x", format(x)), ("y", format(useTop)), ("width", format(slot)), ("height", format(useHeight)),
                        ("fill", flareColour),
                    ])
            }
            // A bar is at most 72 wide, so a few days do not make slabs.
            let barWidth = min(slot * 0.6, 72)
            let barX = x + (slot - barWidth) / 2
            let inside = min(day.used, day.budget)
            // Today's bar is hatched and outlined: what it holds so far, not a finished day.
            func bar(from low: Double, to high: Double, colour: String, pattern: String) {
                var attributes = [
                    ("x", format(barX)), ("y", format(y(high))), ("width", format(barWidth)),
                    ("height", format(y(low) - y(high))),
                ]
                if day.today {
                    attributes += [("fill", "url(#\(pattern))"), ("stroke", colour), ("stroke-width", "1.5")]
                } else {
                    attributes.append(("fill", colour))
                }
                svg.element("rect", attributes)
            }
            if inside > 0 { bar(from: 0, to: inside, colour: usedColour, pattern: "today-used") }
            if day.used > day.budget {
                bar(from: day.budget, to: day.used, colour: beyondColour, pattern: "today-beyond")
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
                let half = estimatedWidth(label, fontSize: 11) / 2
                let centre = labelCentre(half: half, under: x + slot / 2)
                if centre - half >= labelledUpTo {
                    labelledUpTo = centre + half + 4
                    svg.element(
                        "text",
                        [
                            ("x", format(centre)), ("y", format(useTop + useHeight + 16)), ("text-anchor", "middle"),
                            ("fill", "#555555"), ("font-size", "11"),
                        ],
                        text: label)
                }
            }
            if day.today {
                let label = "today, so far"
                let centre = labelCentre(half: estimatedWidth(label, fontSize: 11) / 2, under: x + slot / 2)
                svg.element(
                    "text",
                    [
                        ("x", format(centre)), ("y", format(useTop + useHeight + 31)), ("text-anchor", "middle"),
                        ("fill", "#333333"), ("font-size", "11"), ("font-style", "italic"),
                    ],
                    text: label)
            }
            svg.close("g")
        }
    }

    /// The heart-rate panel: a bar a day of the minutes with a reading, the minutes above the threshold drawn over
    /// its foot, on a scale of minutes; each day a `<g>` whose `<title>` says both.
    private static func heartRatePanel(
        _ svg: inout Markup, _ days: [PaceAPI.Day], _ heartRate: [String: PaceAPI.HeartRateDay], heading: Double,
        top: Double, slot: Double
    ) {
        let highest = Double(heartRate.values.map(\.minutes).max() ?? 0)
        let tick = niceStep(highest / 2)
        let scaleTop = max(tick, (highest / tick).rounded(.up) * tick)
        func y(_ minutes: Int) -> Double {
            top + heartRateHeight - min(Double(minutes), scaleTop) / scaleTop * heartRateHeight
        }
        svg.element(
            "text", [("x", format(left)), ("y", format(heading)), ("fill", "#333333")],
            text: "Heart rate, minutes a day: with a reading (grey) and above your threshold (red)")
        for step in 0...Int((scaleTop / tick).rounded()) {
            let minutes = Int(tick) * step
            svg.element(
                "line",
                [
                    ("x1", format(left)), ("x2", format(width - right)), ("y1", format(y(minutes))),
                    ("y2", format(y(minutes))), ("stroke", "#e4e4e4"),
                ])
            svg.element(
                "text",
                [
                    ("x", format(left - 8)), ("y", format(y(minutes) + 4)), ("text-anchor", "end"),
                    ("fill", "#555555"), ("font-size", "10"),
                ],
                text: String(minutes))
        }
        let barWidth = min(slot * 0.6, 72)
        for (index, day) in days.enumerated() {
            guard let figures = heartRate[day.date] else { continue }
            let x = left + Double(index) * slot + (slot - barWidth) / 2
            svg.open("g", [("class", "heart-rate"), ("data-date", day.date)])
            svg.element(
                "title", text: "\(day.date)" + (day.today ? " (today, so far)" : "") + ": " + heartRateWords(figures))
            func bar(_ minutes: Int, _ colour: String) {
                guard minutes > 0 else { return }
                svg.element(
                    "rect",
                    [
                        ("x", format(x)), ("y", format(y(minutes))), ("width", format(barWidth)),
                        ("height", format(y(0) - y(minutes))), ("fill", colour),
                    ])
            }
            bar(figures.minutes, heartRateColour)
            bar(figures.minutesAbove, aboveColour)
            svg.close("g")
        }
    }

    /// `540 min of heart rate, 12 above the threshold`.
    static func heartRateWords(_ figures: PaceAPI.HeartRateDay) -> String {
        "\(figures.minutes) min of heart rate, \(figures.minutesAbove) above the threshold"
    }

    /// The heart-rate days with a minute, by date, among `days`.
    static func heartRateByDate(
        _ heartRate: [PaceAPI.HeartRateDay], days: [PaceAPI.Day]
    ) -> [String: PaceAPI.HeartRateDay] {
        let dates = Set(days.map(\.date))
        var byDate: [String: PaceAPI.HeartRateDay] = [:]
        for day in heartRate where day.minutes > 0 && dates.contains(day.date) { byDate[day.date] = day }
        return byDate
    }

    /// Where to centre a label `half` wide under the point `x`: there, or as near as keeps it on the plot.
    private static func labelCentre(half: Double, under x: Double) -> Double {
        min(max(x, left + half), width - right - half)
    }

    /// One rating's panel: its name and which way is better, the 0–10 scale, and a dot a day it was given, joined
    /// by a thin line (check-ins are often a few days apart, and the line shows the trend).
    private static func ratingPanel(
        _ svg: inout Markup, _ column: RatingColumn, _ days: [PaceAPI.Day], top: Double, slot: Double
    ) {
        let colour = ratingColours[column.name] ?? "#000000"
        func y(_ value: Int) -> Double { top + panelHeight - Double(value) / 10 * panelHeight }
        let given = days.enumerated().compactMap { index, day in
            column.value(day.checkIn).map { (index: index, day: day, value: $0) }
        }
        svg.open("g", [("class", "rating"), ("data-rating", column.name)])
        svg.element("title", text: ratingTitle(column, given.map { ($0.day, $0.value) }))
        svg.element(
            "text", [("x", format(left)), ("y", format(top - 8)), ("fill", colour), ("font-weight", "bold")],
            text: ratingLabel(column))
        for value in [0, 5, 10] {
            svg.element(
                "line",
                [
                    ("x1", format(left)), ("x2", format(width - right)), ("y1", format(y(value))),
                    ("y2", format(y(value))), ("stroke", value == 5 ? "#eeeeee" : "#dddddd"),
                ])
            svg.element(
                "text",
                [
                    ("x", format(left - 8)), ("y", format(y(value) + 4)), ("text-anchor", "end"), ("fill", "#555555"),
                    ("font-size", "10"),
                ],
                text: String(value))
        }
        let points = given.map { (x: left + (Double($0.index) + 0.5) * slot, y: y($0.value), today: $0.day.today) }
        if points.count > 1 {
            svg.element(
                "polyline",
                [
                    ("points", points.map { "\(format($0.x)),\(format($0.y))" }.joined(separator: " ")),
                    ("fill", "none"), ("stroke", colour), ("stroke-width", "1.5"), ("stroke-opacity", "0.6"),
                ])
        }
        for point in points {
            svg.element(
                "circle",
                [
                    ("cx", format(point.x)), ("cy", format(point.y)), ("r", "3.5"),
                    ("fill", point.today ? "#ffffff" : colour), ("stroke", colour), ("stroke-width", "1.5"),
                ])
        }
        svg.close("g")
    }

    /// `energy: higher is better (5 = usual)`, `pain: higher is worse`.
    static func ratingLabel(_ column: RatingColumn) -> String {
        "\(column.name): higher is \(column.higherIsBetter ? "better" : "worse")"
            + (column.name == "energy" ? " (5 = usual)" : "")
    }

    /// A panel's tooltip: what it shows, then every value with its day.
    private static func ratingTitle(_ column: RatingColumn, _ given: [(day: PaceAPI.Day, value: Int)]) -> String {
        let values = given.map { day, value in
            let date = CivilDate(iso8601: day.date).map(ClockText.dayAndMonth) ?? day.date
            return "\(value) on \(date)" + (day.today ? " (today)" : "")
        }
        return "\(ratingLabel(column)), 0 to 10: " + values.joined(separator: ", ")
    }

    /// The hatching of today's bar, in the colours of the finished days' bars.
    private static func hatchPatterns(_ svg: inout Markup) {
        svg.open("defs")
        for (id, colour) in [("today-used", usedColour), ("today-beyond", beyondColour)] {
            svg.open(
                "pattern",
                [
                    ("id", id), ("width", "6"), ("height", "6"), ("patternUnits", "userSpaceOnUse"),
                    ("patternTransform", "rotate(45)"),
                ])
            svg.element("rect", [("width", "6"), ("height", "6"), ("fill", "#ffffff")])
            svg.element(
                "line", [("x1", "0"), ("y1", "0"), ("x2", "0"), ("y2", "6"), ("stroke", colour), ("stroke-width", "3")])
            svg.close("pattern")
        }
        svg.close("defs")
    }

    /// A key of the legend: a swatch filled with a colour or a pattern, or the budget line.
    private enum Key {
        case swatch(fill: String, outline: String?, label: String)
        case line(label: String)

        var label: String {
            switch self {
            case .swatch(_, _, let label), .line(let label): label
            }
        }
    }

    /// The legend's keys in rows that fit the page.
    private static func legendRows(hasToday: Bool, hasHeartRate: Bool) -> [[Key]] {
        var keys: [Key] = [
            .swatch(fill: usedColour, outline: nil, label: "used"),
            .swatch(fill: beyondColour, outline: nil, label: "beyond the budget"),
            .swatch(fill: flareColour, outline: nil, label: "flare day"),
        ]
        if hasToday {
            keys.append(.swatch(fill: "url(#today-used)", outline: usedColour, label: "today, so far: in no average"))
        }
        keys.append(.line(label: "budget (dashed: provisional)"))
        if hasHeartRate {
            keys.append(.swatch(fill: heartRateColour, outline: nil, label: "minutes with a heart rate"))
            keys.append(.swatch(fill: aboveColour, outline: nil, label: "minutes above the heart-rate threshold"))
        }
        var rows: [[Key]] = [[]]
        var rowWidth = 0.0
        for key in keys {
            let keyWidth = legendKeyWidth(key)
            if rowWidth + keyWidth > plotWidth && !rows[rows.count - 1].isEmpty {
                rows.append([])
                rowWidth = 0
            }
            rows[rows.count - 1].append(key)
            rowWidth += keyWidth
        }
        return rows
    }

    /// A key's swatch, its label and the gap after it.
    private static func legendKeyWidth(_ key: Key) -> Double {
        22 + estimatedWidth(key.label, fontSize: 12) + 18
    }

    /// The legend, its first row on the baseline `top`.
    private static func legend(_ svg: inout Markup, _ rows: [[Key]], top: Double) {
        for (row, keys) in rows.enumerated() {
            let y = top + 22 * Double(row)
            var x = left
            for key in keys {
                switch key {
                case .swatch(let fill, let outline, _):
                    var attributes = [
                        ("x", format(x)), ("y", format(y - 10)), ("width", "14"), ("height", "12"), ("fill", fill),
                    ]
                    if let outline { attributes += [("stroke", outline), ("stroke-width", "1.5")] }
                    svg.element("rect", attributes)
                case .line:
                    svg.element(
                        "line",
                        [
                            ("x1", format(x)), ("x2", format(x + 16)), ("y1", format(y - 4)), ("y2", format(y - 4)),
                            ("stroke", "#222222"), ("stroke-width", "2"),
                        ])
                }
                svg.element("text", [("x", format(x + 22)), ("y", format(y))], text: key.label)
                x += legendKeyWidth(key)
            }
        }
    }

    /// How many characters fit `width` at `fontSize`, for wrapping.
    private static func characters(fitting width: Double, fontSize: Double) -> Int {
        max(1, Int(width / (fontSize * advance)))
    }

    /// A `<text>` of `lines`, one `<tspan>` each, the first on the baseline `y`.
    private static func paragraph(
        _ svg: inout Markup, _ lines: [String], y: Double, lineHeight: Double, attributes: [(String, String)]
    ) {
        svg.open("text", [("x", format(left)), ("y", format(y))] + attributes)
        for (index, line) in lines.enumerated() {
            svg.element(
                "tspan", [("x", format(left)), ("dy", index == 0 ? "0" : format(lineHeight))], text: line)
        }
        svg.close("text")
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
    static func dayTitle(_ day: PaceAPI.Day, heartRate: PaceAPI.HeartRateDay? = nil) -> String {
        var parts = [
            day.date + (day.today ? " (today, so far)" : ""),
            "used \(NumberText.whole(day.used)) of \(NumberText.whole(day.budget)) points",
        ]
        if day.activeMinutes > 0 { parts.append("\(day.activeMinutes) min active") }
        if day.flare || day.mode == .flare { parts.append("flare") }
        if day.provisional { parts.append("provisional budget") }
        if let heartRate { parts.append(heartRateWords(heartRate)) }
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
