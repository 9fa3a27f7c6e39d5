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

    /// The errors of `io.pace.Daemon` that refuse what was asked (the data, not the daemon, is at fault).
    static let refusals: Set<String> = [
        PaceAPI.ActivityAlreadyRunning.name, PaceAPI.NoActivityRunning.name, PaceAPI.UnknownActivityKind.name,
        PaceAPI.RestNotRunning.name, PaceAPI.RestAlreadyRunning.name, PaceAPI.FlareNotActive.name,
        PaceAPI.OverlapsRunningActivity.name, PaceAPI.UnknownReminder.name, PaceAPI.TrialIncreaseUnavailable.name,
        PaceAPI.CalibrationFinished.name, PaceAPI.InvalidValue.name, PaceAPI.InvalidEvent.name,
        PaceAPI.ImplausibleEntry.name, PaceAPI.EventNotFound.name, PaceAPI.EventAlreadyRetracted.name,
        PaceAPI.NotABout.name, PaceAPI.AmbiguousEventID.name, VarlinkService.InvalidParameter.name,
    ]

    /// `EX_UNAVAILABLE` (69) when the daemon is down, `EX_DATAERR` (65) when it refused what was asked,
    /// `EX_TEMPFAIL` (75) when it did not answer in time or could not write its log, `EX_SOFTWARE` (70) for
    /// other error replies, `EX_PROTOCOL` (76) for a reply Pace cannot read, `EX_NOPERM` (77), `EX_CONFIG` (78) for a
    /// socket that may belong to another user.
    var exitCode: ExitCode {
        switch error.code {
        case .daemonUnavailable, .connectionClosed, .system: return ExitStatus.unavailable
        case .permissionDenied: return ExitStatus.noPermission
        case .untrustedSocket: return ExitStatus.untrustedSocket
        case .timedOut: return ExitStatus.temporaryFailure
        case .malformedReply: return ExitStatus.protocolError
        case .remote(let remote):
            if Self.refusals.contains(remote.name) { return ExitStatus.dataError }
            switch remote.name {
            case PaceAPI.LogUnavailable.name: return ExitStatus.temporaryFailure
            case VarlinkService.PermissionDenied.name: return ExitStatus.noPermission
            default: return ExitStatus.daemonError
            }
        }
    }

    /// What to say about an error reply: what happened, and what to type instead.
    ///
    /// Where `pace` can name the command to type, it says so in its own words; otherwise it shows the sentence
    /// the daemon sends with every error of the domain (`message`), which says what to do. Errors are read as the
    /// interface types them; one whose fields do not read (a daemon that sends less) is still named, with what is
    /// missing left out.
    static func message(for error: VarlinkError, now: Instant, zone: LocalZone) -> String {
        let daemonSays: String? =
            if case .string(let text)? = error.parameters["message"] { sentence(text) } else { nil }
        switch error.name {
        case PaceAPI.ActivityAlreadyRunning.name:
            let running = error.typed(as: PaceAPI.ActivityAlreadyRunning.self)
            var since = ""
            if let started = running.flatMap({ Instant(rfc3339: $0.startedAt) }) {
                since = " since \(ClockText.moment(started, now: now, zone: zone))"
            }
            return "\(running?.kind ?? "an activity") is already running\(since); end it first with `pace stop`."
        case PaceAPI.NoActivityRunning.name:
            return "nothing is running, so there is nothing to stop; "
                + "to record something done earlier, use `pace log KIND DURATION --at TIME`."
        case PaceAPI.RestNotRunning.name:
            return "you are not resting right now; `pace rest` starts a rest."
        case PaceAPI.RestAlreadyRunning.name:
            return "you are already resting; `pace rest --end` ends the rest."
        case PaceAPI.FlareNotActive.name:
            return "flare mode is not on; `pace flare` turns it on."
        case PaceAPI.UnknownActivityKind.name:
            let kind = error.typed(as: PaceAPI.UnknownActivityKind.self)?.kind ?? "?"
            return "there is no activity kind called \"\(kind)\"; `pace kinds` lists them."
        case PaceAPI.UnknownReminder.name:
            let id = error.typed(as: PaceAPI.UnknownReminder.self)?.id ?? "?"
            return "no reminder \(id) was shown today or yesterday; `pace answer ACTION` answers the latest one."
        case PaceAPI.InvalidValue.name:
            let option = error.typed(as: PaceAPI.InvalidValue.self).flatMap { optionNames[$0.parameter] }
            let text = daemonSays ?? "paced did not accept that value"
            return option.map { "\($0): \(text)" } ?? text
        case PaceAPI.EventNotFound.name:
            let id = error.typed(as: PaceAPI.EventNotFound.self)?.id ?? ""
            guard !id.isEmpty else { return daemonSays ?? "there is nothing to take back." }
            return "no event has the id \(id); `pace events` lists the events with their ids "
                + "(`pace events --day yesterday` for earlier days)."
        case PaceAPI.AmbiguousEventID.name:
            let ambiguous = error.typed(as: PaceAPI.AmbiguousEventID.self)
            return "\(ambiguous.map { String($0.matches) } ?? "several") events have ids that begin with "
                + "\(ambiguous?.id ?? "that"); give more of the id (`pace events` shows 8 digits)."
        case PaceAPI.LogUnavailable.name:
            let reason = error.typed(as: PaceAPI.LogUnavailable.self)?.reason ?? "paced cannot write its log"
            return "nothing was recorded: \(reason)"
        case PaceAPI.InvalidEvent.name:
            let invalid = error.typed(as: PaceAPI.InvalidEvent.self)
            return "event \(invalid.map { String($0.index) } ?? "?") is not a valid Pace event "
                + "(\(invalid?.reason ?? "no reason given")); nothing was imported."
        case PaceAPI.RequestTooLarge.name:
            let limit = error.typed(as: PaceAPI.RequestTooLarge.self).map { String($0.limit) } ?? "?"
            return "the request was larger than paced accepts (\(limit) bytes)."
        case VarlinkService.InvalidParameter.name:
            let parameter = error.typed(as: VarlinkService.InvalidParameter.self)?.parameter ?? "?"
            return "paced did not accept the value of \"\(parameter)\"; see `pace help` for the forms it takes."
        case VarlinkService.MethodNotImplemented.name, VarlinkService.MethodNotFound.name:
            let method =
                error.typed(as: VarlinkService.MethodNotImplemented.self)?.method
                ?? error.typed(as: VarlinkService.MethodNotFound.self)?.method ?? "?"
            return "this paced cannot \(action(of: method)) yet (\(method) is not available); "
                + "update paced and restart it (`systemctl --user restart paced`)."
        case VarlinkService.PermissionDenied.name:
            return "paced refused: permission denied."
        case PaceAPI.ImplausibleEntry.name:
            return (daemonSays ?? "that entry is unusual") + " Nothing was recorded; add --yes to record it anyway."
        default:
            return daemonSays ?? "paced answered with an error: \(error)"
        }
    }

    /// The command-line option behind a parameter of the interface, to name it in a refusal.
    static let optionNames = [
        "startedAt": "--at", "endedAt": "--at", "until": "--until", "energy": "--energy", "fatigue": "--fatigue",
        "pain": "--pain", "sleep": "--sleep", "stress": "--stress", "note": "--note", "durationSeconds": "duration",
        "plannedSeconds": "rest", "badDayMinutes": "minutes", "action": "action", "start": "--start",
        "durationMinutes": "--length", "day": "--day",
    ]

    /// The daemon's sentence as the rest of a `pace: …` line: its first letter lowered unless it starts a name
    /// or an abbreviation (a second capital letter).
    static func sentence(_ text: String) -> String {
        guard let first = text.first, first.isUppercase, text.dropFirst().first?.isUppercase != true else {
            return text
        }
        return first.lowercased() + text.dropFirst()
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
            "GetHealth": "report its health", "GetHeartRate": "report the heart rate",
            "GetHeartRateMinutes": "export heart-rate minutes",
            "GetHeartRateDays": "report heart-rate minutes a day", "GetMorningReading": "show the morning reading",
            "TakeMorningReading": "take a morning reading",
            "AnswerReminder": "take answers to reminders",
            "AnswerCalibration": "take the bad-day answer", "RequestTrialIncrease": "grant trial increases",
            "ImportEvents": "import events", "Watch": "stream updates", "ListEvents": "list events by id",
            "RetractEvent": "take back events", "AmendEvent": "edit events", "Undo": "undo",
        ]
        return actions[short] ?? "answer \(short)"
    }
}
