import ArgumentParser
import PaceCore
import PaceProtocol

/// How a command that fails ends: one line on standard error (`pace: …`) and its exit status.
enum FailureReporting {
    /// Runs `body`; any failure becomes one line on standard error (`pace: …`) and its exit status.
    ///
    /// - Throws: `ExitCode`, after the line is written.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as CommandFailure {
            Console.error("pace: " + failure.message)
            throw failure.exitCode
        } catch let failure as ClientFailure {
            Console.error("pace: " + failure.message())
            throw failure.exitCode
        } catch let error as VarlinkClientError {
            let failure = ClientFailure(error)
            Console.error("pace: " + failure.message())
            throw failure.exitCode
        } catch let error as TextParseError {
            Console.error("pace: \(error)")
            throw ExitStatus.usage
        }
    }
}

extension ParsableCommand {
    /// Runs `body` with ``FailureReporting/run(_:)``.
    ///
    /// - Throws: `ExitCode`, after the line is written.
    func reportingFailures(_ body: () throws -> Void) throws {
        try FailureReporting.run(body)
    }
}
