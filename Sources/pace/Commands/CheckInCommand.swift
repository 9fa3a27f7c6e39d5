import ArgumentParser
import PaceCore
import PaceProtocol
import PaceSystem

/// `pace checkin`: how you are, in a few numbers.
struct CheckInCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkin",
        abstract: "Record how you are: energy, fatigue, pain, sleep, stress (0-10, all optional), a flare, a note.",
        discussion: """
            Energy 5 means "my usual"; this morning's energy sets today's budget. With no options on a \
            terminal, pace asks: in the morning energy first, in the evening how the day went, and in your \
            first days what a bad day allows (see `pace calibrate`); each question takes one short answer, \
            Enter skips it and q stops. Only a check-in with a rating or a flare answer counts as one for \
            your budget; --no-flare is the answer that lets days over budget count as evidence that you can \
            do more. --complete says what is recorded for today is all of it, so a quiet day still counts \
            in your first week. With --json: the CheckIn reply, {"status": {...}}.
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

    @Flag(name: .long, inversion: .prefixedNo, help: "Today is (or, with --no-flare, is not) a flare day.")
    var flare: Bool?

    @Option(name: .long, help: "A few words of your own.")
    var note: String?

    @Flag(name: .long, help: "What is recorded for today is all of it (counts the day in your first week).")
    var complete = false

    private var parameters: PaceAPI.CheckIn.Parameters {
        .init(
            energy: energy, fatigue: fatigue, pain: pain, sleep: sleep, stress: stress, flare: flare, note: note,
            complete: complete ? true : nil)
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
            guard isEmpty else {
                let reply = try global.call(PaceAPI.CheckIn.self, parameters)
                try ReplyOutput.print(reply, json: global.json, settings: global.settings) { _, _ in
                    ReplyText.checkedIn(parameters)
                }
                return
            }
            guard StandardInput.isTerminal && !global.json else {
                throw CommandFailure.usage(
                    "nothing to record: give at least one rating, e.g. `pace checkin --energy 4`")
            }
            try runDialogue()
        }
    }

    /// Asks on the terminal, then records what was answered.
    private func runDialogue() throws {
        // Asked first, so a daemon that is down says so before anyone types an answer.
        let client = try global.connect()
        let status = try global.call(client, PaceAPI.GetStatus.self, NoParameters()).status
        let now = Instant(rfc3339: status.now) ?? SystemClock.now()
        let morning = CheckInDialogue.isMorning(hour: SystemClock.zone.hour(of: now), dayStartHour: status.dayStartHour)
        // The bad-day question matters only while the budget is the built-in guess (the first day or two).
        let askBadDay =
            status.provisional
            && (try? global.call(client, PaceAPI.ExplainBudget.self, NoParameters()))?.explanation
                .provisionalSource == "builtIn"
        let dialogue = CheckInDialogue(
            morning: morning, askBadDay: askBadDay, referenceLabel: status.referenceLabel,
            glyphs: global.settings.glyphs)
        guard let answers = dialogue.run(readLine: { Swift.readLine() }, write: Console.out) else {
            Console.line("Nothing recorded.")
            return
        }
        // New connections: answering may take longer than the daemon keeps an idle one open.
        var sentences: [String] = []
        var latest = status
        if let record = answers.checkIn {
            latest = try global.call(PaceAPI.CheckIn.self, record).status
            sentences.append(ReplyText.checkedIn(record))
        }
        if let minutes = answers.badDayMinutes {
            latest = try global.call(PaceAPI.AnswerCalibration.self, .init(badDayMinutes: minutes)).status
            sentences.append(ReplyText.calibrated(minutes: minutes, status: latest))
        }
        for sentence in sentences { Console.line(sentence) }
        Console.line(StatusText.line(latest, zone: SystemClock.zone, settings: global.settings))
    }
}
