import ArgumentParser
import PaceProtocol

/// Options every `pace` command takes; what they mean is ``ClientOptions``.
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

    @Flag(
        name: .long,
        help: "Print the reply as JSON, for scripts: the io.pace.Daemon reply, as the README's \"For scripts\" says.")
    var json = false

    @Flag(name: .long, help: "Draw with plain ASCII characters (automatic when the locale is not UTF-8).")
    var ascii = false

    /// The parsed values.
    var client: ClientOptions { ClientOptions(socket: socket, json: json, ascii: ascii) }

    /// The process environment.
    var environment: [String: String] { client.environment }

    /// See ``ClientOptions/socketPath``.
    var socketPath: String { client.socketPath }

    /// See ``ClientOptions/settings``.
    var settings: OutputSettings { client.settings }

    /// See ``ClientOptions/connect()``.
    ///
    /// - Throws: ``ClientFailure`` when it cannot.
    func connect() throws -> PaceClient { try client.connect() }

    /// See ``ClientOptions/call(_:_:)``.
    ///
    /// - Throws: ``ClientFailure``.
    func call<Method: VarlinkMethod>(_ method: Method.Type, _ parameters: Method.Parameters) throws -> Method.Reply {
        try client.call(method, parameters)
    }

    /// See ``ClientOptions/call(_:_:_:)``.
    ///
    /// - Throws: ``ClientFailure``.
    func call<Method: VarlinkMethod>(
        _ client: PaceClient,
        _ method: Method.Type,
        _ parameters: Method.Parameters
    ) throws -> Method.Reply {
        try self.client.call(client, method, parameters)
    }
}
