import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace start [KIND]`: an activity bout begins.
struct StartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start an activity (walking, unless you name another kind).",
        discussion: """
            Reminds you to stop and rest when the bout has gone on long enough. `pace kinds` lists the kinds. \
            With --json: the StartActivity reply, {"activity": {...}, "status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "What you are doing (default: your reference activity).", completion: KindCompletion.completion)
    var kind: String?

    @Option(name: .shortAndLong, help: "light, moderate (the default) or vigorous.")
    var intensity: IntensityArgument?

    @Option(name: .long, help: "When it began, if a little earlier: 09:30, 9:30am, '10m ago', -10m.")
    var at: String?

    @Flag(name: .shortAndLong, help: "Start it even if it runs over a bout already recorded.")
    var yes = false

    func run() throws {
        try reportingFailures {
            let startedAt = try at.map { try TypedArguments.time($0, option: "--at", prefer: .past) }
            let start = { (kind: String?) in
                try Confirmation.retrying(yes: yes, global: global) { confirmed in
                    try global.call(
                        PaceAPI.StartActivity.self,
                        .init(
                            kind: kind, intensity: intensity?.api, startedAt: startedAt,
                            confirmed: confirmed ? true : nil))
                }
            }
            let reply = try kind.map { try KindMatching.retrying($0, global: global, start) } ?? start(nil)
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { now, zone in
                ReplyText.started(reply.activity, status: reply.status, now: now, zone: zone)
            }
        }
    }
}
