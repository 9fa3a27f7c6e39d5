import ArgumentParser
import PaceProtocol

/// `pace status` (also plain `pace`): what today looks like.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show today's budget and what the daemon is doing (the default command)."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let status = try global.connect().status()
            if global.json {
                print(try JSONOutput.render(PaceAPI.GetStatus.Reply(status: status)))
            } else {
                print(StatusText.render(status))
            }
        }
    }
}
