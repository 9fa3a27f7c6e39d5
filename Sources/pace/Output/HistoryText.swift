import PaceCore
import PaceProtocol

/// `pace history`: one row per pacing day (used against budget as a bar, the figures, flare and check-in
/// ratings), grouped by week with a summary line after each week.
enum HistoryText {
    /// Width of the bars in cells.
    static let barWidth = 24

    static func render(_ days: [PaceAPI.Day], settings: OutputSettings) -> [String] {
        guard !days.isEmpty else { return ["No history for those days."] }
        let style = settings.style
        let scale = max(1, days.map { max($0.budget, $0.used) }.max() ?? 1)
        let ratings = RatingColumn.all.filter { column in days.contains { column.value($0.checkIn) != nil } }
        let hasTags = days.contains { tag(for: $0) != nil }

        var header = ["", "used of budget", "points"]
        if hasTags { header.append("") }
        header += ratings.map(\.name)
        var rows: [[String]] = [header.map { style.dim($0) }]
        var rowWeeks: [Int64?] = [nil]
        for day in days {
            let date = CivilDate(iso8601: day.date)
            var row = [
                date.map { ClockText.shortDate($0) } ?? day.date,
                bar(used: day.used, budget: day.budget, scale: scale, settings: settings),
                "\(NumberText.whole(day.used)) / \(NumberText.whole(day.budget))",
            ]
            if hasTags {
                let text = tag(for: day) ?? ""
                row.append(day.flare ? style.notice(text) : style.dim(text))
            }
            row += ratings.map { column in column.value(day.checkIn).map(String.init) ?? settings.glyphs.missing }
            rows.append(row)
            rowWeeks.append(date.map(weekStart))
        }
        let table = TextTable.render(rows, rightAligned: Set([2] + (0..<ratings.count).map { $0 + (hasTags ? 4 : 3) }))

        var lines = [table[0]]
        var index = 1
        while index < table.count {
            let week = rowWeeks[index]
            var weekDays: [PaceAPI.Day] = []
            while index < table.count && rowWeeks[index] == week {
                lines.append(table[index])
                weekDays.append(days[index - 1])
                index += 1
            }
            lines.append(style.dim(weeklySummary(weekDays, weekStart: week, settings: settings)))
            if index < table.count { lines.append("") }
        }
        return lines
    }

    /// The bar of one day: used inside the budget, the unused rest of the budget, use beyond it; `scale`
    /// points fill the whole width, so days compare at a glance.
    static func bar(used: Double, budget: Double, scale: Double, settings: OutputSettings) -> String {
        func cells(_ points: Double) -> Int {
            min(barWidth, max(0, Int((max(0, points) / scale * Double(barWidth)).rounded())))
        }
        let usedCells = used > 0 ? max(1, cells(used)) : 0
        let budgetCells = cells(budget)
        let inside = min(usedCells, budgetCells)
        let glyphs = settings.glyphs
        let style = settings.style
        return style.calm(String(repeating: glyphs.historyUsed, count: inside))
            + style.dim(String(repeating: glyphs.historySpare, count: max(0, budgetCells - usedCells)))
            + style.notice(String(repeating: glyphs.historyOver, count: max(0, usedCells - budgetCells)))
            + String(repeating: " ", count: barWidth - max(usedCells, budgetCells))
    }

    /// `flare`; `no record` for a past day with nothing recorded (unknown, not a day of rest); `provisional`
    /// for a calibration day.
    static func tag(for day: PaceAPI.Day) -> String? {
        let corrected = day.corrected == true ? "corrected" : nil
        let tags = [kind(of: day), corrected].compactMap { $0 }
        return tags.isEmpty ? nil : tags.joined(separator: ", ")
    }

    private static func kind(of day: PaceAPI.Day) -> String? {
        if day.flare || day.mode == .flare { return "flare" }
        if !day.recorded && !day.today { return "no record" }
        if day.provisional || day.mode == .calibrating { return "provisional" }
        return nil
    }

    /// One line about a week: points used of the budget, active time, flare days, average ratings. Facts only:
    /// no score, no streak, no "goal missed". Days with nothing recorded are left out of the sums: they are
    /// unknown, not days of unused budget.
    static func weeklySummary(_ days: [PaceAPI.Day], weekStart: Int64?, settings: OutputSettings) -> String {
        let counted = days.filter { $0.recorded || $0.today }
        let used = counted.reduce(0) { $0 + $1.used }
        let budget = counted.reduce(0) { $0 + $1.budget }
        let active = days.reduce(0) { $0 + $1.activeMinutes }
        let label = weekStart.map { "week of \(ClockText.dayAndMonth(CivilDate(daysSinceEpoch: $0)))" } ?? "these days"
        var parts = ["\(NumberText.whole(used)) of \(NumberText.whole(budget)) points used"]
        if budget > 0 { parts[0] += " (\(NumberText.percent(used, of: budget)) %)" }
        if counted.count < days.count {
            let missing = days.count - counted.count
            parts[0] +=
                missing == 1 ? " on the days recorded (1 without)" : " on the days recorded (\(missing) without)"
        }
        parts.append(active > 0 ? "\(DurationText.describe(seconds: Int64(active) * 60)) active" : "no activity")
        let flares = days.filter { $0.flare || $0.mode == .flare }.count
        if flares > 0 { parts.append(flares == 1 ? "1 flare day" : "\(flares) flare days") }
        var averages: [String] = []
        for column in RatingColumn.all {
            let values = days.compactMap { column.value($0.checkIn) }
            guard !values.isEmpty else { continue }
            averages.append("\(column.name) \(NumberText.decimal(Double(values.reduce(0, +)) / Double(values.count)))")
        }
        if !averages.isEmpty { parts.append("on average " + averages.joined(separator: ", ")) }
        return "  \(label): " + parts.joined(separator: settings.glyphs.separator)
    }

    /// The Monday of the ISO week `date` is in, as days since the epoch.
    private static func weekStart(_ date: CivilDate) -> Int64 {
        date.daysSinceEpoch - Int64(date.weekday)
    }
}
