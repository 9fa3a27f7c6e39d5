import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace delete ID`: take back an event.
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Take back an event by its id (pace events lists them): it no longer counts.",
        discussion: """
            The event stays in the log with its deletion, so `pace undo` right after brings it back. ID is the \
            short id `pace events` shows, the whole id, or any start of it of at least 4 digits. With --json: \
            the RetractEvent reply, {"event": {...}, "status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The event's id, or its first digits (at least 4).")
    var id: String

    func run() throws {
        try reportingFailures {
            let reply = try global.call(PaceAPI.RetractEvent.self, .init(id: id))
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { now, zone in
                "Took back: \(EventLineText.describe(reply.event, now: now, zone: zone))."
            }
        }
    }
}
