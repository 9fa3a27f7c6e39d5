import PaceProtocol

/// Figures about a run of days, for the report's headline.
struct ReportSummary {
    var dayCount: Int
    /// Days with something recorded (or today).
    var recordedDays: Int
    var averageUsed: Double
    var averageBudget: Double
    var flareDays: Int
    var checkInDays: Int
    /// Average of each rating over the days that have it, in ``RatingColumn/all`` order; absent when none.
    var averageRatings: [(name: String, value: Double)]

    init(_ days: [PaceAPI.Day]) {
        dayCount = days.count
        // Days with nothing recorded are unknown: they count in neither average.
        let recorded = days.filter { $0.recorded || $0.today }
        recordedDays = recorded.count
        let count = Double(max(1, recorded.count))
        averageUsed = recorded.reduce(0) { $0 + $1.used } / count
        averageBudget = recorded.reduce(0) { $0 + $1.budget } / count
        flareDays = days.filter { $0.flare || $0.mode == .flare }.count
        checkInDays = days.filter { $0.checkIn != nil }.count
        averageRatings = RatingColumn.all.compactMap { column in
            let values = days.compactMap { column.value($0.checkIn) }
            guard !values.isEmpty else { return nil }
            return (column.name, Double(values.reduce(0, +)) / Double(values.count))
        }
    }

    /// One sentence: `14 days · on average 72 of 104 points used a day · 2 flare days · 9 check-ins: energy 4.3`.
    var sentence: String {
        var parts = [dayCount == 1 ? "1 day" : "\(dayCount) days"]
        if recordedDays < dayCount { parts[0] += ", \(recordedDays) with records" }
        parts.append(
            "on average \(NumberText.whole(averageUsed)) of \(NumberText.whole(averageBudget)) points used a day")
        parts.append(flareDays == 1 ? "1 flare day" : "\(flareDays) flare days")
        if checkInDays > 0 {
            let ratings = averageRatings.map { "\($0.name) \(NumberText.decimal($0.value))" }.joined(separator: ", ")
            parts.append("\(checkInDays) days with a check-in" + (ratings.isEmpty ? "" : ", on average " + ratings))
        }
        return parts.joined(separator: " · ")
    }
}
