import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace events`: what was recorded on a day, with the short ids `pace delete` and `pace edit` take.
struct EventsCommand: ParsableCommand {
    /// The type of the record a reminder leaves when shown: Pace's bookkeeping, not something the person did.
    static let reminderShown = "reminderShown"

    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List a day's events with their short ids (for pace delete and pace edit).",
        discussion: """
            Each line shows the event's short id, its time (an activity's start) and what it was. Events taken \
            back are left out; corrected ones are shown as corrected. The record of each reminder shown is left \
            out too (a last line counts them): --all lists them. With --json: the ListEvents reply, \
            {"events": [{"id", "short", "type", "at", "start", "durationSeconds", "text"}, ...]}, with the same \
            events.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Which pacing day: 2026-11-24, yesterday, 3 days ago (default: today).")
    var day: String?

    @Flag(name: .long, help: "Also list the record of each reminder shown.")
    var all = false

    func validate() throws {
        guard let day else { return }
        do {
            _ = try TimeText.parseDate(day, today: CivilDate(year: 2000, month: 1, day: 1))
        } catch {
            throw ValidationError("--day: \(error)")
        }
    }

    func run() throws {
        try reportingFailures {
            let client = try global.connect()
            var date: String?
            if let day {
                let status = try global.call(client, PaceAPI.GetStatus.self, NoParameters()).status
                let today = CivilDate(iso8601: status.pacingDay) ?? SystemClock.zone.date(of: SystemClock.now())
                do {
                    date = try TimeText.parseDate(day, today: today).iso8601
                } catch {
                    throw CommandFailure.usage("--day: \(error)")
                }
            }
            var reply = try global.call(client, PaceAPI.ListEvents.self, .init(day: date))
            let shown = reply.events.count
            if !all { reply.events.removeAll { $0.type == Self.reminderShown } }
            let leftOut = shown - reply.events.count
            if global.json {
                Console.line(try JSONOutput.render(reply))
                return
            }
            if reply.events.isEmpty && leftOut == 0 {
                Console.line(date.map { "Nothing recorded on \($0)." } ?? "Nothing recorded today.")
                return
            }
            for line in EventLineText.list(reply.events, zone: SystemClock.zone) { Console.line(line) }
            if leftOut > 0 {
                Console.line(
                    "(\(leftOut) \(leftOut == 1 ? "reminder" : "reminders") shown, not listed: --all lists them)")
            }
        }
    }
}
