import ArgumentParser

/// `pace log`: record something done away from the desk, or print the event log.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record an activity done earlier (pace log yoga 30m --at 09:00), or dump the event log.",
        subcommands: [LogActivityCommand.self, LogDumpCommand.self],
        defaultSubcommand: LogActivityCommand.self
    )
}
