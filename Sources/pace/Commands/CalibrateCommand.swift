import ArgumentParser
import PaceProtocol

/// `pace calibrate MINUTES`: the answer to "what does a bad day allow?" in the first week.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Say what a bad day allows, in minutes of easy walking, while Pace learns your first week.",
        discussion: """
            Pace learns your usual day from your first week of normal life. Until it has seen two days, the \
            budget is a cautious 45 minutes of your reference activity (walking unless configured), or what \
            you answer here: 20, 20m or 1h. `pace checkin` asks the same on a terminal while it matters. \
            After the first week the answer no longer sets anything. With --json: the AnswerCalibration \
            reply, {"status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Minutes of your reference activity a bad day allows: 20, 20m, 1h.")
    var minutes: String

    /// What the daemon accepts (IDL: AnswerCalibration).
    static let range = 1...1440

    func validate() throws {
        do {
            _ = try TypedArguments.minutes(minutes, what: "minutes", range: Self.range)
        } catch let failure as CommandFailure {
            throw ValidationError(failure.message)
        }
    }

    func run() throws {
        try reportingFailures {
            let value = try TypedArguments.minutes(minutes, what: "minutes", range: Self.range)
            let reply = try global.call(PaceAPI.AnswerCalibration.self, .init(badDayMinutes: value))
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { _, _ in
                ReplyText.calibrated(minutes: value, status: reply.status)
            }
        }
    }
}
