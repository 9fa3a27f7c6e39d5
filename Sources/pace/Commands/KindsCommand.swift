import ArgumentParser
import PaceProtocol

/// `pace kinds`: the activity kinds and their weights.
struct KindsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinds",
        abstract: "List the activity kinds and the effort points a minute of each costs.",
        discussion: """
            Points per minute are MET - 1 at moderate intensity, scaled for light and vigorous. Kinds of your \
            own go in the config file. With --json: the ListActivityKinds reply, {"kinds": [...]}.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let reply = try global.call(PaceAPI.ListActivityKinds.self, NoParameters())
            if global.json {
                Console.line(try JSONOutput.render(reply))
            } else {
                for line in KindsText.render(reply.kinds, settings: global.settings) { Console.line(line) }
            }
        }
    }
}
