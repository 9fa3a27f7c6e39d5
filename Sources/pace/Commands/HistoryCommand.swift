import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace history`: the last days at a glance.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show a chart of past days: used against budget, flare days, check-ins, and each week in a line.",
        discussion: """
            The last 14 pacing days unless you say otherwise. With --json: the GetHistory reply, \
            {"days": [...]}, one entry per day asked for.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var range: DayRangeOptions

    func run() throws {
        try reportingFailures {
            let days = try HistoryFetch.days(range, defaultDays: 14, global: global)
            if global.json {
                Console.line(try JSONOutput.render(PaceAPI.GetHistory.Reply(days: days.days)))
            } else {
                for line in HistoryText.render(days.days, settings: global.settings) { Console.line(line) }
            }
        }
    }
}

/// Asks the daemon for today's pacing day, then for the history of the days the options name.
enum HistoryFetch {
    struct Result {
        var range: ClosedRange<CivilDate>
        var days: [PaceAPI.Day]
        var status: PaceAPI.Status
    }

    static func days(_ options: DayRangeOptions, defaultDays: Int, global: GlobalOptions) throws -> Result {
        let client = try global.connect()
        let status = try global.call(client, PaceAPI.GetStatus.self, NoParameters()).status
        guard let today = CivilDate(iso8601: status.pacingDay) else {
            throw CommandFailure(
                "paced reported a pacing day Pace cannot read: \(status.pacingDay)",
                exitCode: ExitStatus.protocolError)
        }
        let range = try options.resolve(today: today, defaultDays: defaultDays)
        let reply = try global.call(
            client, PaceAPI.GetHistory.self, .init(from: range.lowerBound.iso8601, to: range.upperBound.iso8601))
        return Result(range: range, days: reply.days, status: status)
    }
}
