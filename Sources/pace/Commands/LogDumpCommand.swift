import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace log dump`: the event log as JSON lines.
struct LogDumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print the recorded events, oldest first, one JSON object per line (as stored).",
        discussion: "The output is JSON lines with or without --json; `pace import` reads it back."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "From this time: 2026-11-01T00:00, yesterday 04:00, 2h ago.")
    var from: String?

    @Option(name: .long, help: "Up to this time.")
    var to: String?

    func run() throws {
        try reportingFailures {
            let now = SystemClock.now()
            let from = try from.map { try TypedArguments.time($0, option: "--from", prefer: .past, now: now) }
            let to = try to.map { try TypedArguments.time($0, option: "--to", prefer: .past, now: now) }
            let client = try global.connect()
            // Page by page, so a long history starts printing at once and never sits whole in memory.
            try EventFetch.pages(from: from, to: to, client: client, global: global) { events in
                var text = ""
                for event in events { text += EventTable.compactJSON(event) + "\n" }
                Console.out(text)
            }
        }
    }
}
