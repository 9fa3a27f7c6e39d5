import ArgumentParser
import PaceProtocol
import PaceSystem

/// Turns a failed call to `paced` into one line on standard error and a `sysexits.h` status.
struct ClientFailure: Error {
    let error: VarlinkClientError

    init(_ error: VarlinkClientError) {
        self.error = error
    }

    /// The one line people see.
    var message: String {
        switch error.code {
        case .daemonUnavailable:
            return "pace: paced is not running (no daemon on \(error.socketPath)). "
                + "Start it with `systemctl --user start paced.socket`, or `make run` in the source tree."
        default:
            return "pace: \(error)"
        }
    }

    /// `EX_UNAVAILABLE` (69) when the daemon is down, `EX_SOFTWARE` (70) for an error reply,
    /// `EX_TEMPFAIL` (75) when it did not answer in time, `EX_PROTOCOL` (76) for a reply Pace cannot read.
    var exitCode: ExitCode {
        switch error.code {
        case .daemonUnavailable, .connectionClosed, .system: return ExitCode(69)
        case .permissionDenied: return ExitCode(77)
        case .timedOut: return ExitCode(75)
        case .malformedReply: return ExitCode(76)
        case .remote: return ExitCode(70)
        }
    }

    /// Prints ``message`` and returns the exit code for ArgumentParser to exit with.
    func report() -> ExitCode {
        StandardError.write(message + "\n")
        return exitCode
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a ``ClientFailure`` into its message and exit status.
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as ClientFailure {
            throw failure.report()
        } catch let error as VarlinkClientError {
            throw ClientFailure(error).report()
        }
    }
}
