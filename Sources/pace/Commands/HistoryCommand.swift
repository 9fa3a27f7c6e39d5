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
            let (client, days, _) = try HistoryFetch.connect(range, defaultDays: 14, global: global)
            if global.json {
                // Day by day as paced sends them, never all held (years of check-ins with long notes).
                let output = try OutputFile("-")
                let document = try StreamedJSON(PaceAPI.GetHistory.Reply(days: []), arrays: ["days"], to: output)
                try HistoryFetch.eachDay(days, client: client, global: global) { try document.add($0) }
                try document.endArray()
                try output.write("\n")
                try output.finish()
            } else {
                // The chart shows the ratings, never the notes: the days are kept without them.
                var history: [PaceAPI.Day] = []
                try HistoryFetch.eachDay(days, client: client, global: global) { day in
                    var day = day
                    for index in day.checkIns.indices { day.checkIns[index].note = nil }
                    history.append(day)
                }
                for line in HistoryText.render(history, settings: global.settings) { Console.line(line) }
            }
        }
    }
}
