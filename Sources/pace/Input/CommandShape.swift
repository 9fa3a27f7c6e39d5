import ArgumentParser

/// A command of `pace` as ArgumentParser describes it (`pace --experimental-dump-help`, what the man pages are made
/// from): its subcommands and which of its options take a value. Read only where a command line needs a second
/// look, never on the way of a command line ArgumentParser reads as it is.
struct CommandShape: Decodable {
    /// An option, flag or positional argument.
    struct Argument: Decodable {
        /// `positional`, `option` (takes a value) or `flag`.
        var kind: String
        var names: [Name]?
    }

    /// One spelling of an option: `long` (`--at`) or `short` (`-i`).
    struct Name: Decodable {
        var kind: String
        var name: String

        /// As typed on the command line.
        var spelled: String { (kind == "short" ? "-" : "--") + name }
    }

    /// The description's outer object.
    private struct Description: Decodable {
        var command: CommandShape
    }

    var commandName: String
    var defaultSubcommand: String?
    var subcommands: [CommandShape]?
    var arguments: [Argument]?

    /// `pace` with every command under it.
    ///
    /// - Throws: When ArgumentParser's description does not read (a version that describes commands otherwise).
    static func pace() throws -> CommandShape {
        try JSONInput.decode(Description.self, from: PaceCommand._dumpHelp()).command
    }

    /// The subcommand called `name`.
    func subcommand(named name: String) -> CommandShape? {
        subcommands?.first { $0.commandName == name }
    }

    /// The subcommand that a command line without a subcommand name runs (`status` for `pace`, `add` for `log`).
    var defaultCommand: CommandShape? {
        defaultSubcommand.flatMap(subcommand(named:))
    }

    /// The option spelled `typed` (`--at`, `-i`) that takes a value, here or in the default subcommand, by its long
    /// spelling (`--intensity` for `-i`); `nil` for a flag or an option this command does not have.
    func valueOption(_ typed: String) -> String? {
        let option = arguments?.first { $0.kind == "option" && $0.names?.contains { $0.spelled == typed } == true }
        guard let option else { return defaultCommand?.valueOption(typed) }
        return option.names?.first { $0.kind == "long" }?.spelled ?? typed
    }
}
