import ArgumentParser

/// The one line shown for a command line `pace` cannot parse.
enum UsageLine {
    /// ArgumentParser's message, lower-cased at the start, and where to look when it does not say what to type.
    ///
    /// - Parameters:
    ///   - arguments: The command line without the program name, to name the subcommand's help.
    static func text(for error: any Error, arguments: [String]) -> String {
        var message = PaceCommand.message(for: error)
        if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
        if let first = message.first, first.isUppercase, message.dropFirst().first?.isLowercase == true {
            message = first.lowercased() + message.dropFirst()
        }
        // Pace's own validation messages already say what to type (they quote a command, name the forms a value
        // takes, or say what was given); ArgumentParser's do not, so they point to the command's help.
        let saysWhatToType = ["`", " is not a ", "; you gave ", "give either "].contains { message.contains($0) }
        if saysWhatToType { return message }
        return message + " (see `" + (["pace"] + commandPath(arguments)).joined(separator: " ") + " --help`)"
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
