import PaceProtocol
import PaceSystem

/// The values of the options every command takes (``GlobalOptions``), and what they decide: the socket, the output
/// settings, the connection.
///
/// A plain value, so the fast path for `pace status` (``StatusFastPath``) can build one without ArgumentParser.
struct ClientOptions: Equatable {
    /// `--socket`.
    var socket: String?
    /// `--json`.
    var json = false
    /// `--ascii`.
    var ascii = false

    /// The process environment (read once: the socket and the output settings ask three times in a `pace status`).
    var environment: [String: String] { ProcessEnvironment.current }

    /// The socket to use: `--socket`, then `$PACE_SOCKET`, then the default location.
    var socketPath: String {
        if let socket { return socket }
        if let fromEnvironment = environment["PACE_SOCKET"], !fromEnvironment.isEmpty { return fromEnvironment }
        return SocketLocation.defaultPath(environment: environment, userID: Syscall.userID)
    }

    /// Characters and colour for human output on standard output.
    var settings: OutputSettings {
        OutputSettings.resolve(environment: environment, outputIsTerminal: StandardOutput.isTerminal, forceASCII: ascii)
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
