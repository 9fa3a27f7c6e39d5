import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace log KIND DURATION`: backfill an activity.
struct LogActivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record an activity done earlier (the default: `pace log yoga 30m` is `pace log add yoga 30m`).",
        discussion: """
            Without --at, the activity is taken to have just ended. \
            With --json: the LogActivity reply, {"activity": {...}, "status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "What you did (`pace kinds` lists the kinds).", completion: KindCompletion.completion)
    var kind: String

    @Argument(help: "How long: 30m, 1h15, 1.5h, '90 minutes'.")
    var duration: String

    @Option(name: .long, help: "When it began: 09:00, 10am, 'yesterday 3pm', -2h (default: it just ended).")
    var at: String?

    @Option(name: .shortAndLong, help: "light, moderate (the default) or vigorous.")
    var intensity: IntensityArgument?

    @Flag(
        name: .shortAndLong,
        help: "Record it even if it is unusual (over 3 hours, over twice today's budget, over another bout).")
    var yes = false

    func run() throws {
        try reportingFailures {
            let seconds = try TypedArguments.seconds(duration, what: "duration")
            let now = SystemClock.now()
            let startedAt =
                try at.map { try TypedArguments.time($0, option: "--at", prefer: .past, now: now) }
                ?? ClockText.rfc3339(now.adding(seconds: -Int64(seconds)), zone: SystemClock.zone)
            let reply = try KindMatching.retrying(kind, global: global) { kind in
                try Confirmation.retrying(yes: yes, global: global) { confirmed in
                    try global.call(
                        PaceAPI.LogActivity.self,
                        .init(
                            kind: kind, startedAt: startedAt, durationSeconds: seconds, intensity: intensity?.api,
                            confirmed: confirmed ? true : nil))
                }
            }
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { now, zone in
                ReplyText.logged(reply.activity, now: now, zone: zone)
            }
        }
    }
}
