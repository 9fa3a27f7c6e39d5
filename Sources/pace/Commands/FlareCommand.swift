import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace flare [on|off]`: a bad day.
struct FlareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flare",
        abstract: "Turn flare mode on (a smaller budget, earlier reminders) or off.",
        discussion: "With --json: the SetFlareMode reply, {\"status\": {...}}."
    )

    enum Switch: String, ExpressibleByArgument, CaseIterable {
        case on, off
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: "on (the default) or off.")
    var state: Switch = .on

    @Option(name: .long, help: "When flare mode should end by itself: 18:00, tomorrow 08:00, in 6h.")
    var until: String?

    func validate() throws {
        if state == .off && until != nil {
            throw ValidationError("--until goes with turning flare mode on: type `pace flare on --until 18:00`")
        }
    }

    func run() throws {
        try reportingFailures {
            let end = try until.map { try TypedArguments.time($0, option: "--until", prefer: .future) }
            let reply = try global.call(PaceAPI.SetFlareMode.self, .init(on: state == .on, until: end))
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { _, zone in
                ReplyText.flare(on: state == .on, status: reply.status, zone: zone)
            }
        }
    }
}
