import ArgumentParser

/// A command that cannot go on: one line for people that says what to do instead, and an exit status.
struct CommandFailure: Error, Equatable {
    /// The line people see, without the `pace: ` prefix.
    var message: String
    var exitCode: ExitCode

    init(_ message: String, exitCode: ExitCode) {
        self.message = message
        self.exitCode = exitCode
    }

    /// Bad usage (64): `message` says what to type instead.
    static func usage(_ message: String) -> CommandFailure {
        CommandFailure(message, exitCode: ExitStatus.usage)
    }

    /// Refused data (65).
    static func dataError(_ message: String) -> CommandFailure {
        CommandFailure(message, exitCode: ExitStatus.dataError)
    }

    /// A file to read is missing or unreadable (66).
    static func noInput(_ message: String) -> CommandFailure {
        CommandFailure(message, exitCode: ExitStatus.noInput)
    }

    /// A file to write cannot be created (73).
    static func cannotCreate(_ message: String) -> CommandFailure {
        CommandFailure(message, exitCode: ExitStatus.cannotCreate)
    }
}
