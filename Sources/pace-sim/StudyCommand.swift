import ArgumentParser
import FoundationEssentials
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

    @Flag(help: "Turn on exertion debt (ENVELOPE.md B: off by default) to compare.")
    var exertionDebt = false

    @Option(
        help: ArgumentHelp("Envelope parameters to change, as JSON (e.g. '{\"cutFactor\": 0.9}').", valueName: "json"))
    var parameters: String?

    func run() throws {
        var study = Study(seed: seed, patients: patients, threads: threads)
        if let parameters { study.parameters = try Self.parse(parameters) }
        if exertionDebt { study.parameters.exertionDebt.enabled = true }
        let results = study.run()
        let criteria = PassCriteria(results)
        print(StudyReport(results: results, criteria: criteria).text)
        if !criteria.allPassed { throw ExitCode(1) }
    }

    /// Envelope parameters from JSON; keys left out keep their defaults.
    static func parse(_ json: String) throws -> EnvelopeParameters {
        do {
            return try JSONDecoder().decode(EnvelopeParameters.self, from: Data(json.utf8))
        } catch {
            throw ValidationError("--parameters is not a JSON object of envelope parameters: \(error)")
        }
    }
}
