import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace snooze [DURATION]`: hold reminders for a while.
struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Hold reminders for a while: from 1m to 24h (the configured snooze length unless you give one).",
        discussion: """
            A snooze ends by itself; a new one replaces it, so `pace snooze 1m` nearly lifts one. \
            With --json: the Snooze reply, {"status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "How long: 5m, 1h, up to 24h.")
    var duration: String?

    func validate() throws {
        if let duration, ["0", "off", "0s", "0m"].contains(duration.lowercased()) {
            throw ValidationError(
                "a snooze cannot be lifted early: it ends by itself (`pace status` shows when), "
                    + "and `pace snooze 1m` replaces it with one that ends in a minute")
        }
    }

    func run() throws {
        try reportingFailures {
            let seconds = try duration.map { try TypedArguments.seconds($0, what: "snooze", minimum: 60) }
            if let seconds, seconds > 86_400 {
                throw CommandFailure.usage("snooze: \"\(duration ?? "")\" is longer than a day; give up to 24h")
            }
            let reply = try global.call(PaceAPI.Snooze.self, .init(durationSeconds: seconds))
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { _, zone in
                ReplyText.snoozed(reply.status, zone: zone)
            }
        }
    }
}
