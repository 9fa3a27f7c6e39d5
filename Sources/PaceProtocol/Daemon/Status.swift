/// What the daemon knows right now: the `Status` type of `io.pace.Daemon`.
package struct Status: Codable, Sendable, Equatable {
    /// The daemon's version.
    package var version: String
    /// The daemon's process id.
    package var pid: Int
    /// When this daemon process started (RFC 3339, UTC).
    package var startedAt: String
    /// The daemon's clock when it answered (RFC 3339, UTC).
    package var now: String
    /// The current pacing day: the calendar date on which it began (YYYY-MM-DD).
    package var pacingDay: String
    /// The local hour (0–23) at which a pacing day begins.
    package var dayStartHour: Int
    /// The directory holding the event log.
    package var stateDirectory: String

    package init(
        version: String,
        pid: Int,
        startedAt: String,
        now: String,
        pacingDay: String,
        dayStartHour: Int,
        stateDirectory: String
    ) {
        self.version = version
        self.pid = pid
        self.startedAt = startedAt
        self.now = now
        self.pacingDay = pacingDay
        self.dayStartHour = dayStartHour
        self.stateDirectory = stateDirectory
    }
}

/// `io.pace.Daemon.GetStatus` output.
package struct StatusReply: Codable, Sendable, Equatable {
    package var status: Status

    package init(status: Status) {
        self.status = status
    }
}

/// The fully qualified names of every method `paced` serves.
package enum Method {
    package static let getInfo = "org.varlink.service.GetInfo"
    package static let getInterfaceDescription = "org.varlink.service.GetInterfaceDescription"
    package static let getStatus = "io.pace.Daemon.GetStatus"
}
