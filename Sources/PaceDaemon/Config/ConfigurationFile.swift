import PaceSystem
import SystemPackage

/// Reads and checks `config.toml`: the daemon at start-up and on SIGHUP, and `paced --check-config`.
package enum ConfigurationFile {
    /// `$XDG_CONFIG_HOME/pace/config.toml`, by default `~/.config/pace/config.toml`.
    package static func defaultPath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/pace/config.toml" }
        return DaemonLocations.homeDirectory(environment: environment) + "/.config/pace/config.toml"
    }

    /// Reads the file at `path` and checks every key in it.
    ///
    /// - Parameters:
    ///   - path: The config file.
    ///   - required: Whether a missing file is an error (it was named with `--config`) rather than a reason to
    ///     use the built-in defaults (the default path, which most people never create).
    /// - Returns: The configuration: the file's values over the built-in defaults.
    /// - Throws: ``ConfigurationError`` listing every problem, each with the file, line and key.
    package static func load(_ path: String, required: Bool) throws(ConfigurationError) -> Configuration {
        guard let text = try read(path, required: required) else { return Configuration() }
        return try parse(text, file: path)
    }

    /// Checks the TOML `text` of the file `file` (named in messages) and builds its configuration.
    ///
    /// - Throws: ``ConfigurationError`` listing every unknown key and bad value, or the first syntax error.
    package static func parse(_ text: String, file: String) throws(ConfigurationError) -> Configuration {
        try Configuration.schema.read(text, file: file, over: Configuration())
    }

    /// The file's text, or `nil` when it does not exist and is not `required`.
    private static func read(_ path: String, required: Bool) throws(ConfigurationError) -> String? {
        func unreadable(_ message: String, line: Int? = nil) -> ConfigurationError {
            ConfigurationError([.init(.unreadable, file: path, line: line, message: message)])
        }
        let descriptor: FileDescriptor
        do {
            // Non-blocking, so a FIFO put where the file should be cannot hang the daemon.
            descriptor = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec, .nonBlocking])
        } catch let error as Errno where error == .noSuchFileOrDirectory && !required {
            return nil
        } catch {
            throw unreadable("cannot open the config file: \(error)")
        }
        defer { try? descriptor.close() }

        var bytes: [UInt8] = []
        do {
            let status = try Syscall.fstat(descriptor, path: path)
            guard status.type == .regular else {
                throw unreadable("is not a regular file; expected a TOML config file")
            }
            guard status.size <= ConfigurationLimits.maximumSize else {
                throw unreadable("is larger than 256 KiB; expected a TOML config file")
            }
            var chunk = [UInt8](repeating: 0, count: 16_384)
            while true {
                let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }
                if count == 0 { break }
                bytes += chunk[..<count]
                guard bytes.count <= ConfigurationLimits.maximumSize else {
                    throw unreadable("is larger than 256 KiB; expected a TOML config file")
                }
            }
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw unreadable("cannot read the config file: \(error)")
        }
        // TOMLKit hands the text to C++ as a C string: a NUL byte would silently cut it short.
        var line = 1
        for lineBytes in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if lineBytes.contains(0) { throw unreadable("holds a NUL byte; TOML is text", line: line) }
            if String(validating: lineBytes, as: UTF8.self) == nil {
                throw unreadable("is not UTF-8 text; save the file as UTF-8", line: line)
            }
            line += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
