import ArgumentParser
import Glibc
import PaceCore

/// `pace-sim step`: drive the real envelope one day at a time over JSON lines.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Read one day's observations per line on stdin, write the envelope's answer per line on stdout.",
        discussion: """
            Each input line is a JSON object: {"checkIn": {"energy": 4, "symptom": 3, "flare": false} or null, \
            "load": 62.5}. With "load" the day is closed and the reply gives its budget, the reminders requested, \
            any change of the base and the next day's budget ("next"); without it the reply only opens the day \
            (its budget and reminder plan). Loads are effort points (minutes × (MET − 1)). docs/envelope.md has \
            the full description.
            """
    )

    @Option(help: "The provisional budget of the first calibration days, in effort points.")
    var provisional = 81.0

    @Option(help: "Effort points a minute of the reference activity costs (sets bout lengths).")
    var pointsPerMinute = 1.8

    @OptionGroup var envelope: EnvelopeOptions

    func run() throws {
        let parameters = try envelope.resolved()
        var stepper = Stepper(parameters: parameters, provisional: provisional, pointsPerMinute: pointsPerMinute)
        while let line = readLine() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            print(stepper.handle(line))
            // An evaluator waits for each answer before it sends the next day: never sit in a pipe buffer.
            fflush(nil)
        }
    }
}
