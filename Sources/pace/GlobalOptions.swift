import ArgumentParser
import FoundationEssentials
import Glibc
import PaceProtocol
import PaceSystem

/// Options every `pace` command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daemon's socket (default: $PACE_SOCKET, else $XDG_RUNTIME_DIR/pace/pace.sock).",
            valueName: "path"
        ),
        completion: .file()
    )
    var socket: String?

    @Flag(name: .long, help: "Print the reply as JSON, for scripts (shapes in `man pace`).")
    var json = false

    @Flag(name: .long, help: "Draw with plain ASCII characters (automatic when the locale is not UTF-8).")
    var ascii = false

    /// The process environment.
    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The socket to use: `--socket`, then `$PACE_SOCKET`, then the default location.
    var socketPath: String {
        if let socket { return socket }
        if let fromEnvironment = environment["PACE_SOCKET"], !fromEnvironment.isEmpty { return fromEnvironment }
        return SocketLocation.defaultPath(environment: environment, userID: Syscall.userID)
    }

    /// Characters and colour for human output on standard output.
    var settings: OutputSettings {
        OutputSettings.resolve(environment: environment, outputIsTerminal: isatty(1) == 1, forceASCII: ascii)
    }

    /// Connects to the daemon.
    ///
    /// - Throws: ``ClientFailure`` when it cannot.
    func connect() throws -> PaceClient {
        do {
            return try PaceClient(socketPath: socketPath)
        } catch {
            throw ClientFailure(error)
        }
    }

    /// Connects and calls `method` once.
    ///
    /// - Throws: ``ClientFailure``.
    func call<Method: VarlinkMethod>(_ method: Method.Type, _ parameters: Method.Parameters) throws -> Method.Reply {
        do {
            return try connect().call(method, parameters)
        } catch let error as VarlinkClientError {
            throw ClientFailure(error)
        }
    }

    /// Calls `method` on an open connection.
    ///
    /// - Throws: ``ClientFailure``.
    func call<Method: VarlinkMethod>(
        _ client: PaceClient,
        _ method: Method.Type,
        _ parameters: Method.Parameters
    ) throws -> Method.Reply {
        do {
            return try client.call(method, parameters)
        } catch {
            throw ClientFailure(error)
        }
    }
}
