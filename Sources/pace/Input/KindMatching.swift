import PaceCore
import PaceProtocol

/// Kind names as people type them: `cyc` for `cycling`, `swim` for `water-exercise` (its alias `swimming`),
/// when only one kind begins that way. The daemon itself knows exact names and aliases.
enum KindMatching {
    /// The one name whose start is `typed` (ignoring case), or `nil` when none or several are.
    static func unique(_ typed: String, in names: [String]) -> String? {
        let lowered = typed.lowercased()
        if let exact = names.first(where: { $0.lowercased() == lowered }) { return exact }
        let matches = names.filter { $0.lowercased().hasPrefix(lowered) }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The one kind whose name or an alias begins with `typed`, by its name.
    static func unique(_ typed: String, in kinds: [PaceAPI.ActivityKind]) -> String? {
        let lowered = typed.lowercased()
        if let exact = kinds.first(where: { ([$0.name] + $0.aliases).contains { $0.lowercased() == lowered } }) {
            return exact.name
        }
        let matches = kinds.filter { ([$0.name] + $0.aliases).contains { $0.lowercased().hasPrefix(lowered) } }
        return matches.count == 1 ? matches[0].name : nil
    }

    /// The name or alias nearest to a misspelt `typed` (`walk` for `walkk`), when one is close.
    static func closest(_ typed: String, in kinds: [PaceAPI.ActivityKind]) -> String? {
        Spelling.closest(to: typed, among: kinds.flatMap { [$0.name] + $0.aliases })
    }

    /// Runs `call` with `kind`; when the daemon does not know the kind, asks for the kinds and runs `call` once
    /// more with the only one that begins with what was typed. A misspelt kind is not guessed at (starting the
    /// wrong activity is worse than typing it again): the failure names the nearest kind instead.
    ///
    /// - Throws: Whatever `call` throws; the first failure when no kind matches, as a ``CommandFailure`` that
    ///   asks "did you mean" when a kind is close.
    static func retrying<Reply>(
        _ kind: String,
        global: GlobalOptions,
        _ call: (String) throws -> Reply
    ) throws -> Reply {
        do {
            return try call(kind)
        } catch let failure as ClientFailure {
            guard case .remote(let error) = failure.error.code, error.name == PaceAPI.UnknownActivityKind.name,
                let kinds = try? global.call(PaceAPI.ListActivityKinds.self, NoParameters()).kinds
            else { throw failure }
            if let match = unique(kind, in: kinds), match != kind { return try call(match) }
            guard let guess = closest(kind, in: kinds) else { throw failure }
            throw CommandFailure(
                "there is no activity kind called \"\(kind)\"; did you mean \(guess)? `pace kinds` lists them.",
                exitCode: failure.exitCode)
        }
    }
}
