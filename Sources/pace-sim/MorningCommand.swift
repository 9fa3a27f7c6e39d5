import ArgumentParser
import PaceCore

/// `pace-sim morning`: the morning reading's study (issue 15), one Markdown table and the two criteria.
struct MorningStudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "morning",
        abstract: "Study whether a morning reading should move the budget on days without an energy rating.",
        discussion: "Exit status: 0 when both criteria hold in every cell, 1 when either fails."
    )

    @Option(help: "Virtual patients per cell.")
    var patients = 1000

    @Option(help: "The study's seed.")
    var seed: UInt64 = 20_261_125

    @Option(help: "Threads to spread patients over.")
    var threads = 2

    @Option(help: "The rule's weight: the budget factor is exp(weight × z), clamped.")
    var weight = 0.1

    @Option(help: "The lowest factor the reading may set.")
    var minimum = 0.7

    @Option(help: "The highest factor the reading may set (1: it never raises the budget).")
    var maximum = 1.0

    func run() throws {
        let study = MorningStudy(
            study: Study(seed: seed, patients: patients, threads: threads),
            rule: MorningRule(weight: weight, minimum: minimum, maximum: maximum))
        let rows = study.run()
        for line in MorningStudy.table(rows) { print(line) }
        let verdict = MorningStudy.verdict(rows)
        print("")
        print(
            "Flare days at or below the envelope's without the reading in every cell: \(verdict.flaresHeld ? "yes" : "NO")"
        )
        print("Share of the oracle's gain higher with the reading in every cell: \(verdict.shareRose ? "yes" : "NO")")
        if !(verdict.flaresHeld && verdict.shareRose) { throw ExitCode(1) }
    }
}
