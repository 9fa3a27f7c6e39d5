import ArgumentParser

/// `pace status` (also plain `pace`): how much is left today, and what is going on.
///
/// The common forms never reach this type: ``StatusFastPath`` reads them before ArgumentParser does. Both end in
/// ``StatusRequest/run()``.
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
        try StatusRequest(options: global.client, format: format, verbose: verbose).run()
    }
}
