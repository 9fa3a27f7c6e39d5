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
            (its budget and reminder plan). {"recorded": false} closes a day on which nothing was recorded, with \
            load 0. Loads are effort points (minutes × (MET − 1)); energy is on the scale --energy-scale names, \
            symptom, fatigue and pain are 0–10.

            Keys: checkIn (energy, symptom, fatigue, pain, flare), load, recorded, complete, and with --batch \
            patient. A line with an unknown key, a value of the wrong type or out of range is answered with \
            {"error": "checkIn.energy: …", "field": "checkIn.energy", "line": 12} and changes nothing.

            --batch: many patients in one process. Every line names its patient, {"patient": "p17", "load": 40}; \
            each patient has its own envelope and days, started by its first line, and every reply carries its \
            "patient". Lines of different patients may interleave in any order.

            Exit status: 0 when every line was answered, 1 when any was refused. docs/envelope.md has the full \
            description.
            """
    )

    @Option(help: "The provisional budget of the first calibration days, in effort points.")
    var provisional = 81.0

    @Option(help: "Effort points a minute of the reference activity costs (sets bout lengths).")
    var pointsPerMinute = 1.8

    @Option(
        help: ArgumentHelp(
            """
            The scale of energy ratings: 0-10 is Pace's check-in (5 = usual, as in the daemon); open takes any \
            rating ≥ 0 on the evaluator's own scale (e.g. perceived capacity in points) and assumes no usual: \
            it is learned from the ratings.
            """, valueName: "scale"))
    var energyScale = EnergyScale.checkIn

    @Flag(help: "Many patients in one process: every line names its patient (\"patient\": \"p1\").")
    var batch = false

    @OptionGroup var envelope: EnvelopeOptions

    func run() throws {
        let settings = StepSettings(
            parameters: energyScale.parameters(try envelope.resolved()), provisional: provisional,
            pointsPerMinute: pointsPerMinute, energyScale: energyScale)
        var session = StepSession(settings: settings, batch: batch)
        while let line = readLine() {
            guard let reply = session.handle(line) else { continue }
            print(reply)
            // An evaluator waits for each answer before it sends the next day: never sit in a pipe buffer.
            fflush(nil)
        }
        if session.refused > 0 { throw LinesRefused(refused: session.refused, lines: session.lines) }
    }
}

/// The run ends with status 1 when any line was refused (each was answered with an error object already).
struct LinesRefused: Error, CustomStringConvertible {
    var refused: Int
    var lines: Int

    var description: String {
        "\(refused) of \(lines) lines refused (each was answered with an \"error\" object naming its line)"
    }
}
