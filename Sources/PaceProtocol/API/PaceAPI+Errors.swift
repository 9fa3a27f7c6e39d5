extension VarlinkError {
    /// `io.pace.Daemon.ActivityAlreadyRunning`: stop the running activity first.
    package static func activityAlreadyRunning(kind: String, startedAt: String) -> VarlinkError {
        VarlinkError("io.pace.Daemon.ActivityAlreadyRunning", ["kind": .string(kind), "startedAt": .string(startedAt)])
    }

    /// `io.pace.Daemon.NoActivityRunning`.
    package static let noActivityRunning = VarlinkError("io.pace.Daemon.NoActivityRunning")

    /// `io.pace.Daemon.NoRestRunning`.
    package static let noRestRunning = VarlinkError("io.pace.Daemon.NoRestRunning")

    /// `io.pace.Daemon.UnknownActivityKind`.
    package static func unknownActivityKind(_ kind: String) -> VarlinkError {
        VarlinkError("io.pace.Daemon.UnknownActivityKind", ["kind": .string(kind)])
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
        "io.pace.Daemon.ActivityAlreadyRunning", "io.pace.Daemon.NoActivityRunning", "io.pace.Daemon.NoRestRunning",
        "io.pace.Daemon.UnknownActivityKind", "io.pace.Daemon.LogUnavailable", "io.pace.Daemon.InvalidEvent",
        "io.pace.Daemon.RequestTooLarge",
        "io.pace.Daemon.MalformedRequest",
    ]
}
