import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace rest [DURATION]`, `pace rest --end`.
struct RestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rest",
        abstract: "Start a rest (reminders hold while you rest), or end it with --end.",
        discussion: """
            A running activity is stopped first. With --json: the StartRest reply, {"rest": {...}, \
            "status": {...}}; with --end, the EndRest reply, {"status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "How long you mean to rest: 15m, 1h, '45 min' (optional).")
    var duration: String?

    @Flag(name: .long, help: "End the rest now.")
    var end = false

    func validate() throws {
        if end && duration != nil {
            throw ValidationError("--end takes no duration; type `pace rest --end`")
        }
    }

    func run() throws {
        try reportingFailures {
            if end {
                let reply = try global.call(PaceAPI.EndRest.self, NoParameters())
                try ReplyOutput.print(reply, json: global.json, settings: global.settings) { _, _ in
                    ReplyText.restEnded
                }
                return
            }
            let planned = try duration.map { try TypedArguments.seconds($0, what: "rest") }
            let reply = try global.call(PaceAPI.StartRest.self, .init(plannedSeconds: planned))
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { now, zone in
                ReplyText.restStarted(reply.rest, now: now, zone: zone)
            }
        }
    }
}
