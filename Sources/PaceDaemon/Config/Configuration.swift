package import PaceCore

/// Every setting a person can change in `config.toml`; each property's initial value is the built-in default,
/// so no file is needed.
///
/// To add a setting: a property here (with its default), one line in ``schema`` naming its section, key and
/// parser, and its documented entry in `config/pace.toml`. The schema does the rest: unknown keys, bad
/// values, and the file, line and key in every message.
package struct Configuration: Equatable, Sendable {
    /// The core's tunables, each key of the file mapped onto one of them.
    package var settings = PaceSettings()

    /// The built-in defaults.
    package init() {}

    /// Every key `config.toml` may hold, in the order `config/pace.toml` documents them.
    package static let schema = ConfigurationSchema<Configuration>([
        ConfigurationKey("day", "start_hour", .integer(in: 0...23)) { $0.settings.dayStartHour = $1 }
    ])
}
