import PaceProtocol

/// Per-day summaries as CSV: one row per pacing day, for a spreadsheet or a clinician.
///
/// Ratings are the day's last of each (what the budget rules count), `checkIns` how many check-ins there were,
/// `note` every note of the day; `baseFrom`, `baseTo` and `baseChange` say how the base changed that night.
enum DayTable {
    static let columns = [
        "date", "mode", "provisional", "budget", "used", "activeMinutes", "flare", "flareReported", "recorded",
        "checkIns", "energy", "fatigue", "pain", "sleep", "stress", "note", "baseFrom", "baseTo", "baseChange",
    ]

    static func csv(_ days: [PaceAPI.Day]) -> String {
        days.reduce(CSV.row(columns)) { text, day in text + row(day) }
    }

    /// `day`'s row, with its CRLF.
    static func row(_ day: PaceAPI.Day) -> String {
        let checkIn = day.checkIn
        func rating(_ value: Int?) -> String { value.map(String.init) ?? "" }
        return CSV.row([
            day.date, day.mode.rawValue, flag(day.provisional), NumberText.decimal(day.budget, places: 2),
            NumberText.decimal(day.used, places: 2), String(day.activeMinutes), flag(day.flare),
            flag(day.flareReported), flag(day.recorded), String(day.checkIns.count), rating(checkIn?.energy),
            rating(checkIn?.fatigue), rating(checkIn?.pain), rating(checkIn?.sleep), rating(checkIn?.stress),
            checkIn?.note ?? "", day.baseChange.map { NumberText.decimal($0.from, places: 2) } ?? "",
            day.baseChange.map { NumberText.decimal($0.to, places: 2) } ?? "", day.baseChange?.reason ?? "",
        ])
    }

    private static func flag(_ value: Bool) -> String { value ? "true" : "false" }
}
