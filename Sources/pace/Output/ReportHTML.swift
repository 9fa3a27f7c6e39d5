import PaceCore
import PaceProtocol

/// `pace report --html`: the same picture as ``ReportSVG`` on a page that prints on one sheet, followed by
/// a table of every day, for people who want the figures; today's row says its figures are so far. With heart-rate
/// minutes kept, two columns give each day's minutes with a heart rate and those above the threshold.
enum ReportHTML {
    static func render(
        _ days: [PaceAPI.Day], heartRate: [PaceAPI.HeartRateDay] = [], generatedAt: Instant, zone: LocalZone,
        version: String
    ) -> String {
        let svg = ReportSVG.render(
            days, heartRate: heartRate, generatedAt: generatedAt, zone: zone, version: version)
        let heartRate = ReportSVG.heartRateByDate(heartRate, days: days)
        let ratings = RatingColumn.all.filter { column in days.contains { column.value($0.checkIn) != nil } }
        var page = Markup()
        page.raw("<!DOCTYPE html>\n")
        page.open("html", [("lang", "en")])
        page.open("head")
        page.element("meta", [("charset", "utf-8")])
        page.element("title", text: "Pace: activity and budget, " + ReportSVG.dateRange(days))
        page.element(
            "style",
            text: """
                body { font-family: "DejaVu Sans", sans-serif; margin: 2em auto; max-width: 980px; color: #222; }
                table { border-collapse: collapse; margin-top: 1.5em; font-size: 0.9em; }
                th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #ddd; text-align: right; }
                th:first-child, td:first-child, td.note { text-align: left; }
                tr.flare { background: #f4dede; }
                tr.today { font-style: italic; }
                svg { max-width: 100%; height: auto; }
                @media print { body { margin: 0; } table { page-break-before: always; } }
                """)
        page.close("head")
        page.open("body")
        page.raw(svg)
        page.open("table")
        page.open("thead")
        page.open("tr")
        let heartRateHeadings = heartRate.isEmpty ? [] : ["heart rate min", "above threshold min"]
        for heading in ["date", "used", "budget", "active min", "flare"] + heartRateHeadings + ratings.map(\.name)
            + ["note"]
        {
            page.element("th", text: heading)
        }
        page.close("tr")
        page.close("thead")
        page.open("tbody")
        for day in days {
            let flare = day.flare || day.mode == .flare
            let classes = (flare ? ["flare"] : []) + (day.today ? ["today"] : [])
            page.open("tr", classes.isEmpty ? [] : [("class", classes.joined(separator: " "))])
            page.element("td", text: day.date)
            page.element("td", text: NumberText.whole(day.used) + (day.today ? " so far" : ""))
            page.element("td", text: NumberText.whole(day.budget) + (day.provisional ? " (provisional)" : ""))
            page.element("td", text: String(day.activeMinutes))
            page.element("td", text: flare ? "flare" : "")
            if !heartRate.isEmpty {
                page.element("td", text: heartRate[day.date].map { String($0.minutes) } ?? "")
                page.element("td", text: heartRate[day.date].map { String($0.minutesAbove) } ?? "")
            }
            for column in ratings { page.element("td", text: column.value(day.checkIn).map(String.init) ?? "") }
            page.element("td", [("class", "note")], text: day.checkIn?.note ?? "")
            page.close("tr")
        }
        page.close("tbody")
        page.close("table")
        page.close("body")
        page.close("html")
        return page.text
    }
}
