import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace answer ACTION [ID]`: answer a reminder as its notification buttons would.
struct AnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Answer a reminder as its buttons would: stop, snooze, rest or dismiss.",
        discussion: """
            Without an id, the latest reminder shown today or yesterday that has no answer yet (`pace watch` \
            shows reminders as they fall due). stop ends the running activity, snooze holds reminders for the \
            configured snooze length, rest stops the activity and starts a rest, dismiss only records that you \
            saw it. Ignoring a reminder is fine too: it never makes your budget smaller. With --json: the \
            AnswerReminder reply, {"status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "What the answer does.")
    var action: ReminderAnswer

    @Argument(help: "The reminder's id, e.g. bout:1764072300000 (default: the latest one without an answer).")
    var id: String?

    func run() throws {
        try reportingFailures {
            let client = try global.connect()
            let reminder = try id ?? latestUnanswered(client: client)
            let reply = try global.call(client, PaceAPI.AnswerReminder.self, .init(id: reminder, action: action.api))
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { _, zone in
                ReplyText.answered(action, status: reply.status, zone: zone)
            }
        }
    }

    /// The id of the latest reminder shown in the last two days that has no answer, from the event log.
    ///
    /// - Throws: ``CommandFailure`` (refused data) when there is none.
    private func latestUnanswered(client: PaceClient) throws -> String {
        let status = try global.call(client, PaceAPI.GetStatus.self, NoParameters()).status
        let now = Instant(rfc3339: status.now) ?? SystemClock.now()
        let events = try EventFetch.all(
            from: now.adding(seconds: -2 * 86_400).rfc3339, to: nil, client: client, global: global)
        guard let id = Self.latestUnanswered(in: events) else {
            throw CommandFailure.dataError(
                "no reminder is waiting for an answer (none shown today or yesterday without one); "
                    + "to answer a particular one, give its id: `pace answer stop ID`")
        }
        return id
    }

    /// The latest `reminderShown` in `events` (oldest first) with no `reminderActedOn` after it.
    static func latestUnanswered(in events: [JSONValue]) -> String? {
        var answered = Set<String>()
        for event in events.reversed() {
            guard case .object(let fields) = event, case .string(let type)? = fields["type"],
                case .string(let id)? = fields["reminder"]
            else { continue }
            if type == "reminderActedOn" { answered.insert(id) }
            if type == "reminderShown" && !answered.contains(id) { return id }
        }
        return nil
    }
}
