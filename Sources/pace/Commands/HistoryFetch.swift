import PaceCore
import PaceProtocol

/// Asks the daemon for today's pacing day, then for the history of the days the options name.
enum HistoryFetch {
    struct Result {
        var range: ClosedRange<CivilDate>
        var days: [PaceAPI.Day]
        var status: PaceAPI.Status
    }

    /// Days asked for in one call: the daemon answers at most 3,660 and pages its reply by size (a page holds
    /// about 256 KiB, a day with more check-ins than that is split over pages), and a year keeps each call's work
    /// small.
    static let daysPerCall = 366

    static func days(_ options: DayRangeOptions, defaultDays: Int, global: GlobalOptions) throws -> Result {
        let (client, range, status) = try connect(options, defaultDays: defaultDays, global: global)
        return Result(range: range, days: try history(range, client: client, global: global), status: status)
    }

    /// Connects, and asks for today's pacing day to resolve the days the options name.
    ///
    /// - Throws: ``ClientFailure``, ``CommandFailure``.
    static func connect(
        _ options: DayRangeOptions, defaultDays: Int, global: GlobalOptions
    ) throws -> (client: PaceClient, range: ClosedRange<CivilDate>, status: PaceAPI.Status) {
        let client = try global.connect()
        let status = try global.call(client, PaceAPI.GetStatus.self, NoParameters()).status
        let range = try options.resolve(today: try pacingDay(of: status), defaultDays: defaultDays)
        return (client, range, status)
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

    /// The history of `range`.
    ///
    /// - Throws: ``ClientFailure``, ``CommandFailure``.
    static func history(
        _ range: ClosedRange<CivilDate>,
        client: PaceClient,
        global: GlobalOptions
    ) throws -> [PaceAPI.Day] {
        var days: [PaceAPI.Day] = []
        try eachDay(range, client: client, global: global) { days.append($0) }
        return days
    }

    /// The heart rate of the days of `range` that have heart-rate minutes kept, oldest first, asked for in calls of
    /// at most ``daysPerCall`` days.
    ///
    /// - Throws: ``ClientFailure``.
    static func heartRateDays(
        _ range: ClosedRange<CivilDate>, client: PaceClient, global: GlobalOptions
    ) throws -> [PaceAPI.HeartRateDay] {
        var days: [PaceAPI.HeartRateDay] = []
        var start = range.lowerBound
        while start <= range.upperBound {
            let last = min(range.upperBound, start.adding(days: daysPerCall - 1))
            days += try global.call(
                client, PaceAPI.GetHeartRateDays.self, .init(from: start.iso8601, to: last.iso8601)
            ).days
            start = last.adding(days: 1)
        }
        return days
    }

    /// Calls `body` with each day of `range` that paced knows, oldest first, as soon as the day is whole: asked for
    /// in calls of at most ``daysPerCall`` days, each followed page by page, and a day split over two pages joined
    /// again (its check-ins in order).
    ///
    /// - Throws: ``ClientFailure``, ``CommandFailure`` for pages that do not move on, and whatever `body` throws.
    static func eachDay(
        _ range: ClosedRange<CivilDate>,
        client: PaceClient,
        global: GlobalOptions,
        _ body: (PaceAPI.Day) throws -> Void
    ) throws {
        // The last day of the latest page: the next page may begin with the rest of its check-ins.
        var open: PaceAPI.Day?
        var start = range.lowerBound
        while start <= range.upperBound {
            let last = min(range.upperBound, start.adding(days: daysPerCall - 1))
            let end = last.iso8601
            var cursor = PaceAPI.HistoryCursor(from: start.iso8601, checkInsAfter: 0)
            while true {
                let after = cursor.checkInsAfter == 0 ? nil : cursor.checkInsAfter
                let reply = try global.call(
                    client, PaceAPI.GetHistory.self, .init(from: cursor.from, to: end, checkInsAfter: after))
                for day in reply.days {
                    if var continued = open, continued.date == day.date {
                        continued.checkIns += day.checkIns
                        open = continued
                        continue
                    }
                    if let finished = open { try body(finished) }
                    open = day
                }
                guard let next = reply.next else { break }
                // A cursor that does not move on would ask for the same page forever.
                guard (next.from, next.checkInsAfter) > (cursor.from, cursor.checkInsAfter) else {
                    throw CommandFailure(
                        "paced sent a page of history that does not move on (\(next.from))",
                        exitCode: ExitStatus.protocolError)
                }
                cursor = next
            }
            start = last.adding(days: 1)
        }
        if let finished = open { try body(finished) }
    }
}
