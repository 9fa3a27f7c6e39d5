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
