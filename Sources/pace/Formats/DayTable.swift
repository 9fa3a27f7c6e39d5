import PaceProtocol

/// Per-day summaries as CSV: one row per pacing day, for a spreadsheet or a clinician.
enum DayTable {
    static let columns = [
        "date", "mode", "provisional", "budget", "used", "activeMinutes", "flare", "energy", "fatigue", "pain",
        "sleep", "stress", "checkInAt", "note",
    ]

    static func csv(_ days: [PaceAPI.Day]) -> String {
        var text = CSV.row(columns)
        for day in days {
            let checkIn = day.checkIn
            text += CSV.row([
                day.date, day.mode.rawValue, day.provisional ? "true" : "false",
                NumberText.decimal(day.budget, places: 2), NumberText.decimal(day.used, places: 2),
                String(day.activeMinutes), day.flare ? "true" : "false",
                checkIn?.energy.map(String.init) ?? "", checkIn?.fatigue.map(String.init) ?? "",
                checkIn?.pain.map(String.init) ?? "", checkIn?.sleep.map(String.init) ?? "",
                checkIn?.stress.map(String.init) ?? "", checkIn?.at ?? "", checkIn?.note ?? "",
            ])
        }
        return text
    }
}
