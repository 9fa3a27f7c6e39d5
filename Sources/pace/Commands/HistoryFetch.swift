import PaceCore
import PaceProtocol

/// Asks the daemon for today's pacing day, then for the history of the days the options name.
enum HistoryFetch {
    struct Result {
        var range: ClosedRange<CivilDate>
        var days: [PaceAPI.Day]
        var status: PaceAPI.Status
    }

    /// Days asked for in one call: a year of days stays far below the daemon's limit on a reply it keeps
    /// waiting for a slow reader (1 MiB), however long the notes in the check-ins are.
    static let daysPerCall = 366

    static func days(_ options: DayRangeOptions, defaultDays: Int, global: GlobalOptions) throws -> Result {
        let client = try global.connect()
        let status = try global.call(client, PaceAPI.GetStatus.self, NoParameters()).status
        let today = try pacingDay(of: status)
        let range = try options.resolve(today: today, defaultDays: defaultDays)
        return Result(range: range, days: try history(range, client: client, global: global), status: status)
    }

    /// The pacing day `status` reports.
    ///
    /// - Throws: ``CommandFailure`` when it cannot be read.
    static func pacingDay(of status: PaceAPI.Status) throws -> CivilDate {
        guard let today = CivilDate(iso8601: status.pacingDay) else {
            throw CommandFailure(
                "paced reported a pacing day Pace cannot read: \(status.pacingDay)", exitCode: ExitStatus.protocolError)
        }
        return today
    }

    /// The history of `range`, asked for in calls of at most ``daysPerCall`` days.
    static func history(
        _ range: ClosedRange<CivilDate>,
        client: PaceClient,
        global: GlobalOptions
    ) throws -> [PaceAPI.Day] {
        var days: [PaceAPI.Day] = []
        var start = range.lowerBound
        while start <= range.upperBound {
            let end = min(range.upperBound, start.adding(days: daysPerCall - 1))
            days += try global.call(client, PaceAPI.GetHistory.self, .init(from: start.iso8601, to: end.iso8601)).days
            start = end.adding(days: 1)
        }
        return days
    }
}
