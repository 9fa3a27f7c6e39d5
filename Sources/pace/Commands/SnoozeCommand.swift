import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace snooze [DURATION]`: hold reminders for a while.
struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Hold reminders for a while (the configured snooze length unless you give one); 0 lifts it.",
        discussion: "With --json: the Snooze reply, {\"status\": {...}}."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "How long: 5m, 1h; 0 or off lifts a snooze.")
    var duration: String?

    func run() throws {
        try reportingFailures {
            let seconds = try duration.map {
                $0 == "off" ? 0 : try TypedArguments.seconds($0, what: "snooze", minimum: 0)
            }
            let reply = try global.call(PaceAPI.Snooze.self, .init(durationSeconds: seconds))
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { _, zone in
                ReplyText.snoozed(reply.status, zone: zone)
            }
        }
    }
}
