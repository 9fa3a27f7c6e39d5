import ArgumentParser
import PaceCore

/// The one line shown for a command line `pace` cannot parse.
enum UsageLine {
    /// ArgumentParser's message, lower-cased at the start, and where to look when it does not say what to type.
    ///
    /// - Parameters:
    ///   - arguments: The command line without the program name, to name the subcommand's help.
    static func text(for error: any Error, arguments: [String]) -> String {
        if let unknown = unknownCommand(arguments) { return unknown }
        var message = PaceCommand.message(for: error)
        if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
        if let first = message.first, first.isUppercase, message.dropFirst().first?.isLowercase == true {
            message = first.lowercased() + message.dropFirst()
        }
        // ArgumentParser's own guess at a misspelt option, in the words of the rest of Pace.
        if message.contains(". Did you mean ") { return message.replacing(". Did you mean ", with: "; did you mean ") }
        // Pace's own validation messages already say what to type (they quote a command, name the forms a value
        // takes, or say what was given); ArgumentParser's do not, so they point to the command's help.
        let saysWhatToType = ["`", " is not a ", "; you gave ", "give either "].contains { message.contains($0) }
        if saysWhatToType { return message }
        return message + " (see `" + (["pace"] + commandPath(arguments)).joined(separator: " ") + " --help`)"
    }

    /// The line for a command line whose first word is no command (`pace stauts`): `pace` alone takes none, so the
    /// word was meant as one; with the nearest command's name when one is close.
    static func unknownCommand(_ arguments: [String]) -> String? {
        guard let word = arguments.first, !word.hasPrefix("-") else { return nil }
        let names = PaceCommand.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !names.contains(word) else { return nil }
        guard let guess = Spelling.closest(to: word, among: names) else {
            return "unknown command '\(word)'; `pace --help` lists the commands"
        }
        return "unknown command '\(word)'; did you mean '\(guess)'?"
    }

    /// The subcommand names at the start of `arguments`, e.g. `["log", "add"]`.
    static func commandPath(_ arguments: [String]) -> [String] {
        var path: [String] = []
        var command: any ParsableCommand.Type = PaceCommand.self
        for argument in arguments {
            guard
                let next = command.configuration.subcommands.first(where: {
                    $0.configuration.commandName == argument
                })
            else { break }
            path.append(argument)
            command = next
        }
        return path
    }
}
