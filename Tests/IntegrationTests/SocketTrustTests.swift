import FoundationEssentials
import Glibc
import PaceTestSupport
import Testing

/// `pace` sends a call only to its own user's daemon: without `XDG_RUNTIME_DIR` its socket is
/// `/tmp/pace-UID/pace.sock`, a place any other user can take first (issue 22, item 2).
///
/// Each test runs `pace` as a user of its own (a uid no account has) and puts a server of another user, or of its
/// own, where `pace` looks.
@Suite(.serialized) struct SocketTrustTests {
    static let canSwitchUser = getuid() == 0 && access("/usr/bin/setpriv", X_OK) == 0

    /// A user for `pace`, unlikely to clash with a test running in another checkout at the same time.
    let client = UInt32(300_000 + getpid() % 100_000)
    /// Another user.
    var stranger: UInt32 { client + 100_000 }
    /// Where `pace` looks without `XDG_RUNTIME_DIR`.
    var directory: String { "/tmp/pace-\(client)" }

    /// Prepares `/tmp/pace-UID` as `owner` with `mode`, runs a server of `serverUser` there, and runs
    /// `pace checkin` as ``client`` without `XDG_RUNTIME_DIR`.
    /// - Returns: What `pace` did, and what the server received.
    func checkIn(directoryOwner owner: UInt32, mode: mode_t, serverUser: UInt32) throws -> (
        pace: Executables.Result, connections: Int, received: String
    ) {
        let scratch = TemporaryDirectory(prefix: "pace-trust")
        defer {
            scratch.remove()
            try? FileManager.default.removeItem(atPath: directory)
        }
        try? FileManager.default.removeItem(atPath: directory)
        guard mkdir(directory, 0o700) == 0, chown(directory, owner, owner) == 0, chmod(directory, mode) == 0 else {
            throw TestFailure("cannot prepare \(directory): errno \(errno)")
        }
        let server = try ImpostorServer(
            path: directory + "/pace.sock", uid: serverUser, outputDirectory: scratch.path)
        let pace = try Executables.run(
            "/usr/bin/setpriv",
            [
                "--reuid=\(client)", "--regid=\(client)", "--clear-groups", Executables.path("pace"),
                "checkin", "--energy", "2", "--pain", "9", "--note", "a private note",
            ],
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC"])
        let (connections, received) = try server.stop()
        return (pace, connections, received)
    }

    /// `pace` refused with one line that says `reason` and exit status 78, having sent nothing.
    func expectRefused(
        _ outcome: (pace: Executables.Result, connections: Int, received: String), saying reason: String,
        connections: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = outcome.pace.standardError
        #expect(outcome.pace.status == 78, "\(error)", sourceLocation: sourceLocation)
        #expect(error.hasPrefix("pace: refusing to use \(directory)/pace.sock: "), sourceLocation: sourceLocation)
        #expect(error.contains(reason), "\(error)", sourceLocation: sourceLocation)
        #expect(error.contains("nothing was sent"), sourceLocation: sourceLocation)
        #expect(error.split(separator: "\n").count == 1, sourceLocation: sourceLocation)
        #expect(outcome.connections == connections, sourceLocation: sourceLocation)
        #expect(outcome.received.isEmpty, sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: canSwitchUser, "needs root and setpriv to act as two users"))
    func aSocketInAnotherUsersDirectoryGetsNothing() throws {
        // The reproduction: another user made /tmp/pace-UID, mode 777, and listens there.
        let outcome = try checkIn(directoryOwner: stranger, mode: 0o777, serverUser: stranger)
        expectRefused(outcome, saying: "\(directory) belongs to user \(stranger), not to you", connections: 0)
    }

    @Test(.enabled(if: canSwitchUser, "needs root and setpriv to act as two users"))
    func aSocketInAnOwnDirectoryOthersMayEnterGetsNothing() throws {
        let outcome = try checkIn(directoryOwner: client, mode: 0o777, serverUser: stranger)
        expectRefused(outcome, saying: "\(directory) is open to other users (mode 777)", connections: 0)
    }

    @Test(.enabled(if: canSwitchUser, "needs root and setpriv to act as two users"))
    func aServerOfAnotherUserGetsNothingEvenInAnOwnPrivateDirectory() throws {
        let outcome = try checkIn(directoryOwner: client, mode: 0o700, serverUser: stranger)
        // It connected to ask who listens, and hung up without a byte.
        expectRefused(outcome, saying: "runs as user \(stranger)", connections: 1)
    }

    @Test(
        .enabled(if: canSwitchUser, "needs root and setpriv to act as two users"),
        arguments: [false, true])
    func aServerOfTheOwnUserOrRootInAnOwnPrivateDirectoryGetsTheCall(serverIsRoot: Bool) throws {
        let outcome = try checkIn(directoryOwner: client, mode: 0o700, serverUser: serverIsRoot ? 0 : client)
        // The server answers every call with MethodNotImplemented.
        #expect(outcome.pace.status == 70, "\(outcome.pace.standardError)")
        #expect(outcome.connections == 1)
        #expect(outcome.received.contains("io.pace.Daemon.CheckIn"))
        #expect(outcome.received.contains("a private note"))
    }
}
