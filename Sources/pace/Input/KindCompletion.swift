import ArgumentParser
import PaceProtocol

/// Activity kinds for shell completion, asked from the running daemon (nothing when it is not running).
enum KindCompletion {
    static let completion = CompletionKind.custom { _, _, _ in names() }

    static func names() -> [String] {
        // The shell asks before the command line is complete: `$PACE_SOCKET` or the default location.
        guard let client = try? PaceClient(socketPath: ClientOptions().socketPath, timeoutMilliseconds: 500),
            let reply = try? client.call(PaceAPI.ListActivityKinds.self, NoParameters())
        else { return [] }
        return reply.kinds.map(\.name)
    }
}
