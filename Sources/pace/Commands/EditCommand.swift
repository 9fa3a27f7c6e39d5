import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace edit ID`: correct an activity.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Correct an activity by its id (pace events lists them): its kind, intensity, start or length.",
        discussion: """
            What you give replaces what was recorded; the rest stays. A new kind or intensity counts at today's \
            rate for it. The first record stays in the log with its correction. With --json: the AmendEvent \
            reply, {"event": {...}, "status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The activity's id, or its first digits (at least 4).")
    var id: String

    @Option(
        name: .long, help: "What it was instead (`pace kinds` lists the kinds).", completion: KindCompletion.completion)
    var kind: String?

    @Option(name: .shortAndLong, help: "light, moderate or vigorous.")
    var intensity: IntensityArgument?

    @Option(name: .long, help: "When it began: 09:00, 10am, 'yesterday 3pm'.")
    var start: String?

    @Option(name: .long, help: "How long it lasted: 30m, 1h15, 1.5h, '90 minutes'.")
    var length: String?

    @Flag(name: .long, help: "Do not ask before recording an unusual activity.")
    var yes = false

    func validate() throws {
        guard kind != nil || intensity != nil || start != nil || length != nil else {
            throw ValidationError("say what to change: --kind, --intensity, --start or --length")
        }
    }

    func run() throws {
        try reportingFailures {
            let now = SystemClock.now()
            let startedAt = try start.map { try TypedArguments.time($0, option: "--start", prefer: .past, now: now) }
            let minutes = try length.map { try TypedArguments.minutes($0, what: "--length", range: 1...1440) }
            func amend(_ kind: String?) throws -> PaceAPI.EventReply {
                try Confirmation.retrying(yes: yes, global: global) { confirmed in
                    try global.call(
                        PaceAPI.AmendEvent.self,
                        .init(
                            id: id, activity: kind, intensity: intensity?.api, start: startedAt,
                            durationMinutes: minutes, confirmed: confirmed ? true : nil))
                }
            }
            let reply = try kind.map { try KindMatching.retrying($0, global: global, amend) } ?? amend(nil)
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { now, zone in
                "Changed: \(EventLineText.describe(reply.event, now: now, zone: zone))."
            }
        }
    }
}
