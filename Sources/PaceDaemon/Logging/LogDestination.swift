package import Logging
import SystemPackage

/// Where log messages go: the journal when standard error already goes there, readable lines otherwise.
package enum LogDestination {
    /// The handler for a logger labelled `label`.
    ///
    /// systemd sets `JOURNAL_STREAM` to the device and inode of the journal stream it connects a service's
    /// standard error to. When stderr is still that stream, entries go straight to the journal with their fields
    /// (``JournalLogHandler``); on a terminal, under `make run`, in tests, or when a wrapper redirected stderr,
    /// they are readable lines on stderr (``StderrLogHandler``).
    package static func handler(label: String, environment: [String: String]) -> any LogHandler {
        if standardErrorIsJournal(environment: environment) { return JournalLogHandler(label: label) }
        return StderrLogHandler(label: label)
    }

    /// Whether file descriptor 2 is the stream named by `JOURNAL_STREAM` (`DEVICE:INODE`, in decimal).
    package static func standardErrorIsJournal(environment: [String: String]) -> Bool {
        guard let stream = environment["JOURNAL_STREAM"] else { return false }
        let parts = stream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        guard let info = try? FileDescriptor.standardError.stat() else { return false }
        return UInt64(info.deviceID.rawValue) == device && UInt64(info.inode.rawValue) == inode
    }
}
