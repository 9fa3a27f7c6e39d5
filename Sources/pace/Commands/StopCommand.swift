import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace stop`: the running activity ends.
struct StopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the running activity.",
        discussion: "With --json: the StopActivity reply, {\"activity\": {...}, \"status\": {...}}."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "When it ended, if earlier than now: 14:10, 2:10pm, '5m ago', -5m.")
    var at: String?

    func run() throws {
        try reportingFailures {
            let endedAt = try at.map { try TypedArguments.time($0, option: "--at", prefer: .past) }
            let reply = try global.call(PaceAPI.StopActivity.self, .init(endedAt: endedAt))
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { _, _ in
                ReplyText.stopped(reply.activity)
            }
        }
    }
}
