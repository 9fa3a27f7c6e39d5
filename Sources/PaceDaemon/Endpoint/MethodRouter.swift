import PaceJSON
import PaceProtocol
import PaceSystem

/// Dispatches Varlink calls by method name to typed handlers, and applies the protocol's rules on the way:
/// unknown interfaces and methods, parameter decoding, `oneway`, `more` and `upgrade`.
@DaemonActor
final class MethodRouter {
    private typealias Route = (VarlinkCall, ClientConnection) -> Void

    private var routes: [String: Route] = [:]
    /// Methods the interface descriptions declare; a declared method without a handler is "not implemented".
    private let declaredMethods: Set<String>

    init(declaredMethods: Set<String>) {
        self.declaredMethods = declaredMethods
    }

    /// Answers `Method` with one reply computed by `body`.
    func register<Method: VarlinkMethod>(
        _ method: Method.Type,
        _ body: @escaping (Method.Parameters) throws(VarlinkError) -> Method.Reply
    ) {
        register(method, reading: Method.Parameters.self, body)
    }

    /// Answers `Method` with one reply computed by `body`, its parameters read as `Parameters`: a type that reads
    /// the same text as `Method.Parameters` and makes more of it on the way (``ImportEventsCall``).
    func register<Method: VarlinkMethod, Parameters: Decodable & JSONReadable>(
        _ method: Method.Type,
        reading parameters: Parameters.Type,
        _ body: @escaping (Parameters) throws(VarlinkError) -> Method.Reply
    ) {
        routes[Method.name] = { call, connection in
            do throws(VarlinkError) {
                let reply = try body(try call.parameters(as: Parameters.self))
                if !call.oneway { connection.send(VarlinkReply.encode(reply)) }
            } catch {
                if !call.oneway { connection.send(VarlinkReply.encode(error)) }
            }
        }
    }

    /// Answers `Method`, which must be called with `more`, with a first reply from `body` and then a stream:
    /// `body` receives the connection and subscribes it to later replies.
    func registerStream<Method: VarlinkMethod>(
        _ method: Method.Type,
        _ body: @escaping (Method.Parameters, ClientConnection) throws(VarlinkError) -> Method.Reply
    ) {
        routes[Method.name] = { call, connection in
            // A oneway call wants nothing back, so a stream has nowhere to go.
            guard !call.oneway else { return }
            do throws(VarlinkError) {
                guard call.more else { throw .expectedMore }
                let parameters = try call.parameters(as: Method.Parameters.self)
                connection.beginStreaming()
                let first = try body(parameters, connection)
                connection.send(VarlinkReply.encode(first, continues: true))
            } catch {
                connection.send(VarlinkReply.encode(error))
                if connection.isStreaming { connection.finish() }
            }
        }
    }

    /// Handles one call from `connection`.
    func handle(_ call: VarlinkCall, from connection: ClientConnection) {
        if call.upgrade && !call.oneway {
            // No method of this service switches protocols.
            connection.send(VarlinkReply.encode(VarlinkError.invalidParameter("upgrade")))
            return
        }
        if let route = routes[call.method] {
            route(call, connection)
            return
        }
        guard !call.oneway else { return }
        let error: VarlinkError
        if declaredMethods.contains(call.method) {
            error = VarlinkError(VarlinkService.MethodNotImplemented(method: call.method))
        } else if InterfaceDescription.served(named: call.interface) == nil {
            error = .interfaceNotFound(String(call.interface))
        } else {
            error = .methodNotFound(call.method)
        }
        connection.send(VarlinkReply.encode(error))
    }
}
