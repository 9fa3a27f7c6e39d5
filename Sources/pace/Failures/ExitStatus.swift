import ArgumentParser

/// The exit statuses of `pace`, from `sysexits.h` so scripts can tell causes apart. Documented in `pace --help`,
/// the man page and the README; keep the three in step with this list.
enum ExitStatus {
    /// Done.
    static let ok = ExitCode(0)
    /// `pace doctor` only: a check failed (each failing line says what to do).
    static let checkFailed = ExitCode(1)
    /// The command line was wrong: an unknown option, a duration without a unit, a rating above 10.
    static let usage = ExitCode(64)
    /// The data was refused: an unknown activity kind, nothing running to stop, a file that is not a Pace export.
    static let dataError = ExitCode(65)
    /// A file to read does not exist or cannot be opened.
    static let noInput = ExitCode(66)
    /// `paced` is not running (or went away).
    static let unavailable = ExitCode(69)
    /// `paced` answered with an error `pace` did not expect, or lacks the method (an older daemon).
    static let daemonError = ExitCode(70)
    /// A file to write cannot be created.
    static let cannotCreate = ExitCode(73)
    /// Try again: `paced` did not answer in time, or could not write its log (disk full); nothing was recorded.
    static let temporaryFailure = ExitCode(75)
    /// `paced` sent a reply `pace` cannot read (versions out of step).
    static let protocolError = ExitCode(76)
    /// Not allowed to use the socket.
    static let noPermission = ExitCode(77)
    /// The socket is not the user's own (its directory or the server on it belongs to another user): nothing was
    /// sent (`EX_CONFIG`: the socket's place is set up wrong, or by someone else).
    static let untrustedSocket = ExitCode(78)

    /// The list as it appears in help texts.
    static let summary = """
        0 ok; 64 bad usage; 65 refused data (unknown kind, nothing to stop, not a Pace file); 66 cannot read a \
        file; 69 paced is not running; 70 paced replied with an unexpected error; 73 cannot write a file; \
        75 try again (paced did not answer in time, or could not write its log); 76 unreadable reply; \
        77 not allowed to use the socket; 78 the socket may belong to another user (nothing was sent).
        """
}
