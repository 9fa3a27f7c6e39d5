import ArgumentParser
import Glibc
import PaceCore
import PaceProtocol

/// `pace checkin`: how you are, in a few numbers.
struct CheckInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Record how you are: energy, fatigue, pain, sleep, stress (0-10, all optional), a flare, a note.",
        discussion: """
            Energy 5 means "my usual"; this morning's energy sets today's budget. With no options on a \
            terminal, pace asks: in the morning energy first, in the evening how the day went; each question \
            takes one short answer, Enter skips it and q stops. With --json: the CheckIn reply, \
            {"status": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Energy today, 0-10 (5 = your usual).")
    var energy: Int?

    @Option(name: .long, help: "Fatigue, 0-10 (0 = none).")
    var fatigue: Int?

    @Option(name: .long, help: "Pain, 0-10 (0 = none).")
    var pain: Int?

    @Option(name: .long, help: "Sleep last night, 0-10 (10 = slept well).")
    var sleep: Int?

    @Option(name: .long, help: "Stress, 0-10 (0 = none).")
    var stress: Int?

    @Flag(name: .long, help: "Today is a flare day.")
    var flare = false

    @Option(name: .long, help: "A few words of your own.")
    var note: String?

    private var parameters: PaceAPI.CheckIn.Parameters {
        .init(
            energy: energy, fatigue: fatigue, pain: pain, sleep: sleep, stress: stress, flare: flare ? true : nil,
            note: note)
    }

    private var isEmpty: Bool { parameters == PaceAPI.CheckIn.Parameters() }

    func validate() throws {
        for (name, value) in [
            ("energy", energy), ("fatigue", fatigue), ("pain", pain), ("sleep", sleep), ("stress", stress),
        ] {
            if let value, !(0...10).contains(value) {
                throw ValidationError("--\(name) takes a number from 0 to 10; you gave \(value)")
            }
        }
    }

    func run() throws {
        try reportingFailures {
            var record = parameters
            if isEmpty {
                guard isatty(0) == 1 && !global.json else {
                    throw CommandFailure.usage(
                        "nothing to record: give at least one rating, e.g. `pace checkin --energy 4`")
                }
                // Asked first, so a daemon that is down says so before anyone types an answer.
                let status = try global.call(PaceAPI.GetStatus.self, NoParameters()).status
                let now = Instant(rfc3339: status.now) ?? SystemClock.now()
                let morning = CheckInDialogue.isMorning(
                    hour: SystemClock.zone.hour(of: now), dayStartHour: status.dayStartHour)
                let dialogue = CheckInDialogue(morning: morning, glyphs: global.settings.glyphs)
                guard let answers = dialogue.run(readLine: { Swift.readLine() }, write: Console.out) else {
                    Console.line("Nothing recorded.")
                    return
                }
                record = answers
            }
            // A new connection: answering may take longer than the daemon keeps an idle one open.
            let reply = try global.call(PaceAPI.CheckIn.self, record)
            try ReplyOutput.print(reply, json: global.json, settings: global.settings) { _, _ in
                ReplyText.checkedIn(record)
            }
        }
    }
}
