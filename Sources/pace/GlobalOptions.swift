import ArgumentParser
import FoundationEssentials
import PaceProtocol
import PaceSystem

/// Options every `pace` command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daemon's socket (default: $PACE_SOCKET, else $XDG_RUNTIME_DIR/pace/pace.sock).",
            valueName: "path"
        )
    )
    var socket: String?

    @Flag(name: .long, help: "Print the reply as JSON, for scripts.")
    var json = false

    /// The socket to use: `--socket`, then `$PACE_SOCKET`, then the default location.
    var socketPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let socket { return socket }
        if let fromEnvironment = environment["PACE_SOCKET"], !fromEnvironment.isEmpty { return fromEnvironment }
        return SocketLocation.defaultPath(environment: environment, userID: Syscall.userID)
    }

    /// Connects to the daemon, or prints why not and exits with the matching status.
    func connect() throws -> PaceClient {
        do {
            return try PaceClient(socketPath: socketPath)
        } catch {
            throw ClientFailure(error)
        }
    }
}
