import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace name KIND`: say what a bout the heart rate sensed was, as its notification's buttons do.
struct NameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "name",
        abstract: "Say what a bout your heart rate sensed was: today's latest one still unnamed, or --id's.",
        discussion: """
            Names it as `pace edit ID --kind KIND` does, keeping the points heart rate gave it. Without --id, \
            today's latest sensed bout that is not named yet. With --json: the AmendEvent reply, \
            {"event": {...}, "status": {...}}.
            """
    )

    /// The kind a sensed bout has until it is named.
    static let sensedKind = "sensed"

    @OptionGroup var global: GlobalOptions

    @Argument(help: "What it was (`pace kinds` lists the kinds).", completion: KindCompletion.completion)
    var kind: String

    @Option(name: .long, help: "The sensed bout's id (pace events lists them), or its first digits (at least 4).")
    var id: String?

    func run() throws {
        try reportingFailures {
            let target: String
            if let id {
                target = id
            } else {
                let events = try global.call(PaceAPI.ListEvents.self, .init(day: nil)).events
                guard
                    let latest = events.last(where: {
                        $0.type == "activityLogged" && $0.text.hasPrefix(Self.sensedKind)
                    })
                else {
                    throw CommandFailure.dataError(
                        "No bout sensed today is still unnamed; `pace events --day DATE` lists another day's, and "
                            + "`pace name KIND --id ID` names it.")
                }
                target = latest.id
            }
            let reply = try KindMatching.retrying(kind, global: global) { kind in
                try global.call(
                    PaceAPI.AmendEvent.self,
                    .init(
                        id: target, activity: kind, intensity: nil, start: nil, durationMinutes: nil, confirmed: nil))
            }
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { now, zone in
                "Named: \(EventLineText.describe(reply.event, now: now, zone: zone))."
            }
        }
    }
}
