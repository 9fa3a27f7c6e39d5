extension VarlinkError {
    /// `io.pace.Daemon.<name>` with a `message` (and any further parameters): a domain error of Pace.
    ///
    /// - Parameters:
    ///   - name: The error's last name component, e.g. `NoActivityRunning`.
    ///   - message: One sentence a person can act on.
    ///   - parameters: The error's other declared parameters.
    package static func pace(_ name: String, message: String, _ parameters: [String: JSONValue] = [:]) -> VarlinkError {
        var all = parameters
        all["message"] = .string(message)
        return VarlinkError("\(PaceAPI.interface).\(name)", all)
    }

    /// `io.pace.Daemon.LogUnavailable`: nothing was recorded; `reason` says why and what to do.
    package static func logUnavailable(_ reason: String) -> VarlinkError {
        VarlinkError("io.pace.Daemon.LogUnavailable", ["reason": .string(reason)])
    }

    /// `io.pace.Daemon.InvalidEvent`: event `index` of an import is not valid; nothing was imported.
    package static func invalidEvent(index: Int, reason: String) -> VarlinkError {
        VarlinkError("io.pace.Daemon.InvalidEvent", ["index": .integer(Int64(index)), "reason": .string(reason)])
    }

    /// `io.pace.Daemon.RequestTooLarge`: the connection is closed after this reply.
    package static func requestTooLarge(limit: Int) -> VarlinkError {
        VarlinkError("io.pace.Daemon.RequestTooLarge", ["limit": .integer(Int64(limit))])
    }

    /// `io.pace.Daemon.MalformedRequest`: the connection is closed after this reply.
    package static func malformedRequest(_ reason: String) -> VarlinkError {
        VarlinkError("io.pace.Daemon.MalformedRequest", ["reason": .string(reason)])
    }

    /// Every error the interface declares, for the test that compares them with the IDL.
    package static let paceErrorNames = [
        "ActivityAlreadyRunning", "NoActivityRunning", "UnknownActivityKind", "RestNotRunning", "RestAlreadyRunning",
        "FlareNotActive", "OverlapsRunningActivity", "UnknownReminder", "TrialIncreaseUnavailable",
        "CalibrationFinished", "InvalidValue", "LogUnavailable", "InvalidEvent", "RequestTooLarge", "MalformedRequest",
    ].map { "\(PaceAPI.interface).\($0)" }
}
