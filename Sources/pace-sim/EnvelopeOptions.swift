import ArgumentParser
import FoundationEssentials
import PaceCore

/// The envelope parameters both `study` and `step` run with: the defaults, changed by `--parameters` and
/// `--exertion-debt`.
struct EnvelopeOptions: ParsableArguments {
    @Flag(help: "Turn on exertion debt (ENVELOPE.md B: off by default) to compare.")
    var exertionDebt = false

    @Option(
        help: ArgumentHelp("Envelope parameters to change, as JSON (e.g. '{\"cutFactor\": 0.9}').", valueName: "json"))
    var parameters: String?

    /// The parameters to run with.
    ///
    /// - Throws: `ValidationError` when `--parameters` is not a JSON object of envelope parameters.
    func resolved() throws -> EnvelopeParameters {
        var resolved = try parameters.map(Self.parse) ?? EnvelopeParameters()
        if exertionDebt { resolved.exertionDebt.enabled = true }
        return resolved
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
