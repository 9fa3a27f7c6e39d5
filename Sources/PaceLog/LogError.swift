package import PaceSystem
import SystemPackage

/// Why the log could not do what was asked, in a message a person can act on: what happened, to which file,
/// whether anything was recorded, and what to do.
///
/// A failed append leaves the log as it was before the call (or says plainly that it might not have), and
/// the log stays open: reads keep working, and the next append tries again.
package struct LogError: Error, Equatable, CustomStringConvertible {
    /// What kind of failure it was, for code that reacts differently to each.
    package enum Code: Sendable, Equatable {
        /// `ENOSPC`.
        case diskFull
        /// `EDQUOT`.
        case quotaExceeded
        /// `EROFS`.
        case readOnlyFileSystem
        /// `EACCES` or `EPERM`.
        case permissionDenied
        /// `EIO`.
        case ioError
        /// Any other system error.
        case systemError
        /// A file or directory that other users can read or write, or that is not the user's.
        case notPrivate
        /// Something the log never writes sits where a file of the log should be: a FIFO, a device, a directory,
        /// a symbolic link, or a file too large to be one of its own.
        case unusableFile
        /// A segment was written by a newer Pace, so this one will not append to the log.
        case newerFormat
        /// The log was opened read-only.
        case readOnlyAccess
        /// A payload larger than the format allows.
        case payloadTooLarge
        /// A position that is not where a record ends in this log.
        case invalidPosition
    }

    /// What kind of failure it was.
    package var code: Code
    /// The file or directory involved.
    package var path: String?
    /// The system call that failed, when one did.
    package var cause: SystemError?
    /// The whole message.
    package var description: String

    package init(code: Code, path: String?, cause: SystemError? = nil, description: String) {
        self.code = code
        self.path = path
        self.cause = cause
        self.description = description
    }

    /// An append that failed on a system call.
    ///
    /// - Parameters:
    ///   - error: The failed call.
    ///   - path: The segment file being written.
    ///   - undone: Whether everything the call had written was taken back; when not, the message says the
    ///     events may or may not have been recorded.
    static func writeFailed(_ error: SystemError, path: String, undone: Bool = true) -> LogError {
        let (code, reason, advice) = explain(error, path: path)
        let outcome =
            undone
            ? "nothing was recorded"
            : "it may or may not have been recorded, because the partial write could not be taken back"
        return LogError(
            code: code, path: path, cause: error,
            description: "cannot write the log: \(reason) (\(path), \(error.call)); \(outcome). \(advice)")
    }

    /// Writing a snapshot failed on a system call.
    static func snapshotFailed(_ error: SystemError, path: String) -> LogError {
        let (code, reason, advice) = explain(error, path: path)
        return LogError(
            code: code, path: path, cause: error,
            description: """
                cannot write the snapshot: \(reason) (\(path), \(error.call)); the previous snapshot is kept and \
                no event is lost. \(advice)
                """)
    }

    /// Reading the log failed on a system call.
    static func readFailed(_ error: SystemError, path: String) -> LogError {
        let (code, reason, advice) = explain(error, path: path)
        return LogError(
            code: code, path: path, cause: error,
            description: "cannot read the log: \(reason) (\(path), \(error.call)). \(advice)")
    }

    /// A file that others can read or write, or that is not the user's.
    static func notPrivate(_ problem: PrivateFile.Problem, path: String) -> LogError {
        LogError(code: .notPrivate, path: path, description: "cannot use the log: \(problem)")
    }

    /// Something other than a file the log could have written sits at `path`; `reason` says what (`is a FIFO, not a
    /// regular file`).
    static func unusableFile(path: String, reason: String) -> LogError {
        LogError(
            code: .unusableFile, path: path,
            description: "cannot use the log: \(path) \(reason); move it out of the log directory")
    }

    /// The log directory is unusable.
    static func unusableDirectory(_ problem: PrivateDirectory.Problem, path: String) -> LogError {
        switch problem {
        case .system(let error): return readFailed(error, path: path)
        default: return LogError(code: .notPrivate, path: path, description: "cannot use the log: \(problem)")
        }
    }

    /// Appends are refused because a newer Pace wrote part of the log.
    static func newerFormat(path: String, version: Int) -> LogError {
        LogError(
            code: .newerFormat, path: path,
            description: """
                cannot write the log: \(path) was written by a newer Pace (log format \(version); this Pace \
                understands format \(SegmentHeader.currentVersion)), and appending to it could damage it; \
                nothing was recorded. Update Pace; everything already in the log is kept.
                """)
    }

    private static func explain(_ error: SystemError, path: String) -> (Code, String, String) {
        switch error.errno {
        case .noSpace:
            return (.diskFull, "the disk is full", "Free some space and try again.")
        case .diskQuotaExceeded:
            return (.quotaExceeded, "your disk quota is used up", "Free some space or raise the quota, then try again.")
        case .readOnlyFileSystem:
            return (
                .readOnlyFileSystem, "the file system is read-only",
                "Remount it read-write (if the system did so after disk errors, check the disk first), then try again."
            )
        case .permissionDenied, .notPermitted:
            return (
                .permissionDenied, "permission denied",
                "Make sure the file and its directory belong to you and are writable (ls -ld \(path)), then try again."
            )
        case .ioError:
            return (
                .ioError, "the disk reported an I/O error",
                "Check the disk (dmesg, smartctl); what was recorded before is kept. Try again once it is healthy."
            )
        default:
            return (
                .systemError, error.errno.description, "Try again; if it keeps failing, look at the file and its disk."
            )
        }
    }
}
