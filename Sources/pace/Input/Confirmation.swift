import PaceCore
import PaceProtocol
import PaceSystem

/// Typed entries the daemon finds unlikely (over 3 hours, more than twice today's budget, over another typed
/// bout: `ImplausibleEntry`): on a terminal `pace` asks before it records them; otherwise it says what to add.
enum Confirmation {
    /// Runs `call` unconfirmed (or confirmed, with `--yes`); when the daemon finds the entry unlikely, asks on a
    /// terminal and runs `call` confirmed if the answer is yes.
    ///
    /// - Throws: Whatever `call` throws; the refusal itself when there is no terminal to ask on or the answer is
    ///   no (nothing is recorded either way).
    static func retrying<Reply>(yes: Bool, global: GlobalOptions, _ call: (Bool) throws -> Reply) throws -> Reply {
        if yes { return try call(true) }
        do {
            return try call(false)
        } catch let failure as ClientFailure {
            guard case .remote(let error) = failure.error.code, error.name == PaceAPI.ImplausibleEntry.name,
                StandardInput.isTerminal, !global.json
            else { throw failure }
            let message =
                if case .string(let text)? = error.parameters["message"] { text } else { "That entry is unusual." }
            Console.out("\(message) Record it anyway? [y/N] ")
            let answer = (Swift.readLine() ?? "").filter { !$0.isWhitespace }.lowercased()
            guard answer == "y" || answer == "yes" else { throw failure }
            return try call(true)
        }
    }
}
