import ArgumentParser
import PaceProtocol

/// `pace`: the command-line client of `paced`.
struct PaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pace",
        abstract: "See and steer your daily activity budget.",
        discussion: """
            With no command, `pace` shows how much of today's budget is left.

            Exit status: 0 ok; 64 bad usage; 69 paced is not running; 70 paced replied with an error; \
            75 paced did not answer in time, try again.
            """,
        version: ProductInfo.version,
        subcommands: [StatusCommand.self],
        defaultSubcommand: StatusCommand.self
    )
}
