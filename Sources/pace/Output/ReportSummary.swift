import PaceProtocol

/// Figures about a run of days, for the report's headline.
///
/// Only finished days count: today (the day flagged `today`, still under way) would pull every average down, so
/// it is in no figure here and the sentence says it was left out.
struct ReportSummary {
    /// Finished days: every day but today.
    var dayCount: Int
    /// Finished days with something recorded.
    var recordedDays: Int
    /// Whether today, unfinished, was among the days and left out.
    var leavesOutToday: Bool
    var averageUsed: Double
    var averageBudget: Double
    var flareDays: Int
    var checkInDays: Int
    /// Average of each rating over the finished days that have it, in ``RatingColumn/all`` order; absent when none.
    var averageRatings: [(name: String, value: Double)]
    /// Finished days with heart-rate minutes, and their average minutes above the threshold.
    var heartRateDays: Int
    var averageMinutesAbove: Double

    init(_ days: [PaceAPI.Day], heartRate: [String: PaceAPI.HeartRateDay] = [:]) {
        let finished = days.filter { !$0.today }
        dayCount = finished.count
        leavesOutToday = finished.count < days.count
        // Days with nothing recorded are unknown: they count in neither average.
        let recorded = finished.filter(\.recorded)
        recordedDays = recorded.count
        let count = Double(max(1, recorded.count))
        averageUsed = recorded.reduce(0) { $0 + $1.used } / count
        averageBudget = recorded.reduce(0) { $0 + $1.budget } / count
        flareDays = finished.filter { $0.flare || $0.mode == .flare }.count
        checkInDays = finished.filter { $0.checkIn != nil }.count
        averageRatings = RatingColumn.all.compactMap { column in
            let values = finished.compactMap { column.value($0.checkIn) }
            guard !values.isEmpty else { return nil }
            return (column.name, Double(values.reduce(0, +)) / Double(values.count))
        }
        let measured = finished.compactMap { heartRate[$0.date] }
        heartRateDays = measured.count
        averageMinutesAbove =
            measured.isEmpty ? 0 : Double(measured.map(\.minutesAbove).reduce(0, +)) / Double(measured.count)
    }

    /// One sentence: `14 days · on average 72 of 104 points used a day · 2 flare days · 9 days with a check-in, on
    /// average energy 4.3 · 12 days with heart rate, on average 9 min a day above the threshold · today so far not
    /// counted`.
    var sentence: String {
        guard dayCount > 0 else { return leavesOutToday ? "Only today so far: nothing to average yet" : "No days" }
        var parts = [dayCount == 1 ? "1 day" : "\(dayCount) days"]
        if recordedDays == 0 {
            parts[0] += ", none with records"
        } else {
            if recordedDays < dayCount { parts[0] += ", \(recordedDays) with records" }
            parts.append(
                "on average \(NumberText.whole(averageUsed)) of \(NumberText.whole(averageBudget)) points used a day")
        }
        parts.append(flareDays == 1 ? "1 flare day" : "\(flareDays) flare days")
        if checkInDays > 0 {
            let ratings = averageRatings.map { "\($0.name) \(NumberText.decimal($0.value))" }.joined(separator: ", ")
            parts.append(
                (checkInDays == 1 ? "1 day" : "\(checkInDays) days") + " with a check-in"
                    + (ratings.isEmpty ? "" : ", on average " + ratings))
        }
        if heartRateDays > 0 {
            parts.append(
                (heartRateDays == 1 ? "1 day" : "\(heartRateDays) days") + " with heart rate, on average "
                    + "\(NumberText.whole(averageMinutesAbove)) min a day above the threshold")
        }
        if leavesOutToday { parts.append("today so far not counted") }
        return parts.joined(separator: " · ")
    }
}
