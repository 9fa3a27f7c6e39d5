import ArgumentParser
import PaceCore
import PaceProtocol

/// Turns a failed call to `paced` into one line that says what to do, and a `sysexits.h` status.
struct ClientFailure: Error {
    let error: VarlinkClientError

    init(_ error: VarlinkClientError) {
        self.error = error
    }

    /// The line people see, without the `pace: ` prefix.
    ///
    /// - Parameters:
    ///   - now: For times in the message (`since 14:05`).
    ///   - zone: The local zone those times are shown in.
    func message(now: Instant = SystemClock.now(), zone: LocalZone = SystemClock.zone) -> String {
        switch error.code {
        case .daemonUnavailable:
            return "paced is not running (no daemon on \(error.socketPath)). "
                + "Start it with `systemctl --user start paced.socket`, or `make run` in the source tree."
        case .connectionClosed:
            return "paced went away without answering (on \(error.socketPath)); check it with `pace doctor` "
                + "and `journalctl --user -u paced`."
        case .timedOut:
            return "paced did not answer in time on \(error.socketPath); try again in a moment."
        case .remote(let remote):
            return Self.message(for: remote, now: now, zone: zone)
        default:
            return "\(error)"
        }
    }

    /// `EX_UNAVAILABLE` (69) when the daemon is down, `EX_DATAERR` (65) when it refused what was asked,
    /// `EX_TEMPFAIL` (75) when it did not answer in time or could not write its log, `EX_SOFTWARE` (70) for
    /// other error replies, `EX_PROTOCOL` (76) for a reply Pace cannot read, `EX_NOPERM` (77).
    var exitCode: ExitCode {
        switch error.code {
        case .daemonUnavailable, .connectionClosed, .system: return ExitStatus.unavailable
        case .permissionDenied: return ExitStatus.noPermission
        case .timedOut: return ExitStatus.temporaryFailure
        case .malformedReply: return ExitStatus.protocolError
        case .remote(let remote):
            switch remote.name {
            case "io.pace.Daemon.ActivityAlreadyRunning", "io.pace.Daemon.NoActivityRunning",
                "io.pace.Daemon.NoRestRunning", "io.pace.Daemon.UnknownActivityKind", "io.pace.Daemon.InvalidEvent",
                "org.varlink.service.InvalidParameter":
                return ExitStatus.dataError
            case "io.pace.Daemon.LogUnavailable": return ExitStatus.temporaryFailure
            case "org.varlink.service.PermissionDenied": return ExitStatus.noPermission
            default: return ExitStatus.daemonError
            }
        }
    }

    /// What to say about an error reply: what happened, and what to type instead.
    static func message(for error: VarlinkError, now: Instant, zone: LocalZone) -> String {
        func parameter(_ name: String) -> String? {
            if case .string(let value)? = error.parameters[name] { return value }
            return error.parameters[name]?.text
        }
        switch error.name {
        case "io.pace.Daemon.ActivityAlreadyRunning":
            var since = ""
            if let started = parameter("startedAt").flatMap({ Instant(rfc3339: $0) }) {
                since = " since \(ClockText.moment(started, now: now, zone: zone))"
            }
            return "\(parameter("kind") ?? "an activity") is already running\(since); "
                + "end it first with `pace stop`."
        case "io.pace.Daemon.NoActivityRunning":
            return "nothing is running, so there is nothing to stop; "
                + "to record something done earlier, use `pace log KIND DURATION --at TIME`."
        case "io.pace.Daemon.NoRestRunning":
            return "you are not resting right now; `pace rest` starts a rest."
        case "io.pace.Daemon.UnknownActivityKind":
            return "there is no activity kind called \"\(parameter("kind") ?? "?")\"; `pace kinds` lists them."
        case "io.pace.Daemon.LogUnavailable":
            return "nothing was recorded: \(parameter("reason") ?? "paced cannot write its log")"
        case "io.pace.Daemon.InvalidEvent":
            return "event \(parameter("index") ?? "?") is not a valid Pace event "
                + "(\(parameter("reason") ?? "no reason given")); nothing was imported."
        case "io.pace.Daemon.RequestTooLarge":
            return "the request was larger than paced accepts (\(parameter("limit") ?? "?") bytes)."
        case "org.varlink.service.InvalidParameter":
            return "paced did not accept the value of \"\(parameter("parameter") ?? "?")\"; "
                + "see `pace help` for the forms it takes."
        case "org.varlink.service.MethodNotImplemented", "org.varlink.service.MethodNotFound":
            let method = parameter("method") ?? "?"
            return "this paced cannot \(action(of: method)) yet (\(method) is not available); "
                + "update paced and restart it (`systemctl --user restart paced`)."
        case "org.varlink.service.PermissionDenied":
            return "paced refused: permission denied."
        default:
            return "paced answered with an error: \(error)"
        }
    }

    /// What a method does, in the words of the command that calls it.
    static func action(of method: String) -> String {
        let short = method.split(separator: ".").last.map(String.init) ?? method
        let actions = [
            "GetStatus": "report its status", "StartActivity": "start activities",
            "StopActivity": "stop activities", "LogActivity": "record past activities", "StartRest": "start rests",
            "EndRest": "end rests", "CheckIn": "record check-ins", "SetFlareMode": "switch flare mode",
            "Snooze": "snooze reminders", "GetHistory": "show history", "ExplainBudget": "explain the budget",
            "ListActivityKinds": "list activity kinds", "GetEvents": "export events",
            "ImportEvents": "import events", "Watch": "stream updates",
        ]
        return actions[short] ?? "answer \(short)"
    }
}
