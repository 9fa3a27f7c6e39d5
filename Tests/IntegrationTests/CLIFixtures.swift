import PaceCore
import PaceProtocol

@testable import pace

/// Fixed replies for the renderer tests: Wednesday 2026-11-25, 14:20 local time in a zone one hour ahead of
/// UTC (13:20Z), so no test depends on the clock or the machine's time zone.
enum CLIFixtures {
    static let now = "2026-11-25T13:20:00Z"
    static let nowInstant = Instant(rfc3339: now)!
    static let zone = LocalZone.fixed(3600)

    /// A usual afternoon: 62 of 110 points left, nothing running.
    static func status(
        mode: PaceAPI.Mode = .normal,
        provisional: Bool = false,
        budget: Double = 110,
        used: Double = 48,
        activity: PaceAPI.Activity? = nil,
        rest: PaceAPI.Rest? = nil,
        snoozedUntil: String? = nil,
        flareUntil: String? = nil,
        nextReminderAt: String? = nil
    ) -> PaceAPI.Status {
        let left = max(0, budget - used)
        return PaceAPI.Status(
            version: "0.1.0", pid: 4242, startedAt: "2026-11-25T06:00:00Z", now: now, pacingDay: "2026-11-25",
            dayStartHour: 4, stateDirectory: "/home/ana/.local/state/pace", mode: mode, provisional: provisional,
            calibrationDaysRecorded: mode == .calibrating ? 3 : 7, calibrationDaysNeeded: 7,
            base: mode == .flare ? budget * 2 : budget, budget: budget, used: used, left: left,
            over: max(0, used - budget), referenceActivity: "walk", referenceLabel: "walking",
            leftMinutes: Int((left / 1.8).rounded(.down)), activity: activity, rest: rest, snoozedUntil: snoozedUntil,
            flareUntil: flareUntil, nextReminderAt: nextReminderAt)
    }

    /// Walking for 12 minutes; its stop-and-rest reminder falls due at 14:28 local time.
    static let walking = PaceAPI.Activity(
        kind: "walk", label: "walking", intensity: .moderate, startedAt: "2026-11-25T13:08:00Z", endedAt: nil,
        durationSeconds: 720, points: 21.6, limitAt: "2026-11-25T13:28:00Z")

    /// One pacing day of history.
    static func day(
        _ date: String,
        budget: Double = 110,
        used: Double,
        flare: Bool = false,
        mode: PaceAPI.Mode = .normal,
        provisional: Bool = false,
        checkIns: [PaceAPI.CheckInRecord] = [],
        recorded: Bool = true,
        today: Bool = false
    ) -> PaceAPI.Day {
        PaceAPI.Day(
            date: date, mode: mode, provisional: provisional, budget: budget, used: used,
            activeMinutes: Int(used / 2), checkIns: checkIns, flare: flare,
            flareReported: flare && checkIns.contains { $0.flare == true }, baseChange: nil, recorded: recorded,
            today: today)
    }

    /// Two weeks, Monday 2026-11-09 to Sunday 2026-11-22, with a flare after two busy days.
    static let twoWeeks: [PaceAPI.Day] = {
        let used: [Double] = [60, 95, 130, 140, 30, 40, 70, 80, 100, 90, 60, 75, 110, 85]
        return used.enumerated().map { index, points in
            let date = CivilDate(year: 2026, month: 11, day: 9).adding(days: index)
            let flare = index == 4 || index == 5
            return day(
                date.iso8601, budget: flare ? 55 : 110, used: points, flare: flare, mode: flare ? .flare : .normal,
                checkIns: index % 2 == 0
                    ? [
                        PaceAPI.CheckInRecord(
                            at: "\(date.iso8601)T07:30:00Z", energy: flare ? 2 : 5, pain: flare ? 8 : 4)
                    ]
                    : [])
        }
    }()
}
