/// Which config file the daemon reads, and whether it must exist.
package struct ConfigurationSource: Sendable, Equatable {
    /// The file's path.
    package var path: String
    /// Whether a missing file is an error (named with `--config`) rather than "use the built-in defaults".
    package var required: Bool

    package init(path: String, required: Bool) {
        self.path = path
        self.required = required
    }

    /// The file named with `--config`, else `$XDG_CONFIG_HOME/pace/config.toml`.
    package static func resolve(environment: [String: String], explicitPath: String?) -> ConfigurationSource {
        if let explicitPath { return ConfigurationSource(path: explicitPath, required: true) }
        return ConfigurationSource(path: ConfigurationFile.defaultPath(environment: environment), required: false)
    }

    /// Reads and checks the file.
    /// - Throws: ``ConfigurationError``.
    package func load() throws(ConfigurationError) -> Configuration {
        try ConfigurationFile.load(path, required: required)
    }
}
