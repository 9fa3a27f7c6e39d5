import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace undo`: take back the last thing typed.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Take back the last thing you recorded here (all of one command), or the last delete.",
        discussion: """
            Reminders shown are not counted as something you recorded. `pace undo` after `pace delete` brings \
            the event back; a second `pace undo` takes back the first. With --json: the Undo reply, \
            {"retracted": [{...}], "status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let reply = try global.call(PaceAPI.Undo.self, NoParameters())
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { now, zone in
                let what = reply.retracted.map { EventLineText.describe($0, now: now, zone: zone) }
                return "Took back: \(what.joined(separator: "; "))."
            }
        }
    }
}
