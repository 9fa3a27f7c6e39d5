import ArgumentParser
import PaceProtocol

/// `pace watch`: live status lines and reminders.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow the status live: a line on every change, and every reminder as it falls due.",
        discussion: """
            Runs until you press Ctrl-C or paced stops. With --json: one Watch reply per line, \
            {"status": {...}, "reminder": {...}} (reminder only when one fell due).
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let client = try global.connect()
            let settings = global.settings
            let zone = SystemClock.zone
            var lastStatus = ""
            var encodingFailed = false
            do throws(VarlinkClientError) {
                try client.watch { reply in
                    if global.json {
                        guard let line = try? JSONOutput.line(reply) else {
                            encodingFailed = true
                            return false
                        }
                        Console.line(line)
                        return true
                    }
                    if let reminder = reply.reminder {
                        for line in WatchText.reminder(reminder, zone: zone, settings: settings) { Console.line(line) }
                    }
                    let words = StatusText.line(reply.status, zone: zone, settings: settings)
                    if words != lastStatus || reply.reminder != nil {
                        Console.line(WatchText.status(reply.status, zone: zone, settings: settings))
                        lastStatus = words
                    }
                    return true
                }
            } catch {
                throw ClientFailure(error)
            }
            if encodingFailed {
                throw CommandFailure("cannot write a reply as JSON", exitCode: ExitStatus.protocolError)
            }
        }
    }
}
