import ArgumentParser
import PaceProtocol

/// `pace increase`: a deliberate, small trial increase of the base.
struct IncreaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "increase",
        abstract: "Ask for a small trial increase of your base (5 %), where the rules allow one.",
        discussion: """
            Your base grows by itself only when you went over it on some days and no flare followed; if you \
            always stop in time, your days cannot show that you could do more. `pace why` says when a trial \
            increase is possible: not in the first week, not on a flare day, at most one increase a week, \
            never above 1.5 times where your base started. With --json: the RequestTrialIncrease reply, \
            {"status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let client = try global.connect()
            let before = try global.call(client, PaceAPI.GetStatus.self, NoParameters()).status.base
            let reply = try global.call(client, PaceAPI.RequestTrialIncrease.self, NoParameters())
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { _, _ in
                ReplyText.increased(from: before, status: reply.status)
            }
        }
    }
}
