import ArgumentParser
import FoundationEssentials
import PaceProtocol
import PaceSystem

/// Activity kinds for shell completion, asked from the running daemon (nothing when it is not running).
enum KindCompletion {
    static let completion = CompletionKind.custom { _, _, _ in names() }

    static func names() -> [String] {
        let environment = ProcessInfo.processInfo.environment
        let socket =
            environment["PACE_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
            ?? SocketLocation.defaultPath(environment: environment, userID: Syscall.userID)
        guard let client = try? PaceClient(socketPath: socket, timeoutMilliseconds: 500),
            let reply = try? client.call(PaceAPI.ListActivityKinds.self, NoParameters())
        else { return [] }
        return reply.kinds.map(\.name)
    }
}
