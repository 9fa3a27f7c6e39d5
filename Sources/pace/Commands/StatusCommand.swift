import ArgumentParser
import PaceProtocol

/// `pace status` (also plain `pace`): how much is left today, and what is going on.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how much of today's budget is left (the default command).",
        discussion: """
            One line: a bar of what is left, then the budget in points and in minutes of your reference \
            activity, flare mode or calibration, the running activity or rest, when the next reminder is due, \
            and a snooze. With --json: the GetStatus reply, {"status": {...}}. With --format waybar: one JSON \
            line for a status-bar module (`pace waybar` keeps it up to date).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human, json, waybar
    }

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "human (the default), json, or waybar.")
    var format: Format?

    @Flag(name: [.short, .long], help: "Also show the daemon's version, pid, pacing day and state directory.")
    var verbose = false

    func run() throws {
        try reportingFailures {
            let status = try global.call(PaceAPI.GetStatus.self, NoParameters()).status
            switch format ?? (global.json ? .json : .human) {
            case .json:
                Console.line(try JSONOutput.render(PaceAPI.GetStatus.Reply(status: status)))
            case .waybar:
                Console.line(try JSONOutput.line(WaybarOutput.from(status, zone: SystemClock.zone)))
            case .human:
                let settings = global.settings
                Console.line(StatusText.line(status, zone: SystemClock.zone, settings: settings))
                if verbose {
                    for line in StatusText.daemonLines(status, settings: settings) { Console.line(line) }
                }
            }
        }
    }
}
