import ArgumentParser
import PaceCore

/// `pace-sim study`: none / fixed / adaptive / oracle on the same virtual patients, every cell, one table.
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Run the simulated-patient study and print its table and the pass criteria.",
        discussion: "Exit status: 0 when all six pass criteria hold, 1 when any fails."
    )

    @Option(help: "Virtual patients per cell.")
    var patients = 1000

    @Option(help: "The study's seed (the same seed prints the same table).")
    var seed: UInt64 = 20_261_125

    @Option(help: "Threads to spread patients over.")
    var threads = 2

    @OptionGroup var envelope: EnvelopeOptions

    func run() throws {
        var study = Study(seed: seed, patients: patients, threads: threads)
        study.parameters = try envelope.resolved()
        let results = study.run()
        let criteria = PassCriteria(results)
        print(StudyReport(results: results, criteria: criteria).text)
        if !criteria.allPassed { throw ExitCode(1) }
    }
}
