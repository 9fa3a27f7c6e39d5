import ArgumentParser
import PaceProtocol

/// `pace`: the command-line client of `paced`.
struct PaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pace",
        abstract: "See and steer your daily activity budget.",
        discussion: """
            With no command, `pace` shows how much of today's budget is left. Times can be typed as 09:30, \
            10am, 10:30pm, 'yesterday 3pm', '20m ago' (or -20m) or ISO 8601; durations as 20m, 1h30m, 1h30, \
            1.5h, '90 minutes' or 90s (quotes around words with spaces may be left out). Every command takes --json.

            Exit status: \(ExitStatus.summary)
            """,
        version: ProductInfo.version,
        groupedSubcommands: [
            CommandGroup(
                name: "The day",
                subcommands: [
                    StatusCommand.self, StartCommand.self, StopCommand.self, RestCommand.self, LogCommand.self,
                    CheckInCommand.self, FlareCommand.self, SnoozeCommand.self, AnswerCommand.self,
                ]),
            CommandGroup(
                name: "Corrections",
                subcommands: [
                    EventsCommand.self, DeleteCommand.self, EditCommand.self, NameCommand.self, UndoCommand.self,
                ]),
            CommandGroup(
                name: "Looking back",
                subcommands: [
                    HistoryCommand.self, WhyCommand.self, KindsCommand.self, ReportCommand.self, ExportCommand.self,
                    ImportCommand.self,
                ]),
            CommandGroup(
                name: "Your budget",
                subcommands: [CalibrateCommand.self, IncreaseCommand.self]),
            CommandGroup(
                name: "Keeping watch",
                subcommands: [
                    WatchCommand.self, WaybarCommand.self, DoctorCommand.self, HeartRateCommand.self,
                    MorningCommand.self,
                ]),
            CommandGroup(
                name: "Several computers",
                subcommands: [DevicesCommand.self, SyncCommand.self]),
        ],
        defaultSubcommand: StatusCommand.self
    )
}
