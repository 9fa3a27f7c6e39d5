/// The `io.pace.Daemon` interface as Swift types: one nested type per Varlink type, method and error.
///
/// The text in `Interfaces/io.pace.Daemon.varlink` is the contract; these types mirror it field by field
/// (a test checks that every method and error named there exists here). Times are RFC 3339 strings and
/// durations whole seconds, as on the wire.
package enum PaceAPI {
    /// The interface name.
    package static let interface = "io.pace.Daemon"

    /// How hard an activity was.
    package enum Intensity: String, Codable, Sendable, CaseIterable {
        case light, moderate, vigorous
    }

    /// What today's budget is based on.
    package enum Mode: String, Codable, Sendable, CaseIterable {
        case calibrating, normal, flare
    }
}
