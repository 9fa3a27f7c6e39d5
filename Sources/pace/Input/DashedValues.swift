/// Values that begin with a dash and a digit (`-20m`, `-1`, `-.5h`), which ArgumentParser takes for options: a
/// negative number, a time before now. No option of `pace` is spelled that way, so such a word is always a value,
/// and the command it goes to says what is wrong with it (`pace log walk -20m`: "a duration cannot be negative";
/// `--energy -1`: "takes a number from 0 to 10") instead of ArgumentParser's "missing value".
enum DashedValues {
    /// Whether `argument` is a dash, then a digit or a decimal point.
    static func isDashed(_ argument: String) -> Bool {
        guard argument.first == "-", let second = argument.dropFirst().first else { return false }
        return second.isASCII && (second.isNumber || second == ".")
    }

    /// `arguments` (the command line without the program name) spelled so that ArgumentParser reads every dashed
    /// value as a value: after an option that takes one, attached to it (`--energy=-1`); as a positional argument,
    /// after `--` with the positional arguments that follow it, in their order (`log walk --at 9:00 -- -20m`).
    ///
    /// Command lines without a dashed value, or that already hold `--`, come back as they are.
    static func prepared(_ arguments: [String]) -> [String] {
        guard arguments.contains(where: isDashed), !arguments.contains("--"),
            var command = try? CommandShape.pace()
        else { return arguments }
        var kept: [String] = []
        var moved: [String] = []
        var choosingSubcommand = true
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument.hasPrefix("-") && !isDashed(argument) {
                guard !argument.contains("="), let option = command.valueOption(argument),
                    let value = remaining.popFirst()
                else {
                    kept.append(argument)
                    continue
                }
                kept += isDashed(value) ? [option + "=" + value] : [argument, value]
            } else if choosingSubcommand, let subcommand = command.subcommand(named: argument) {
                command = subcommand
                kept.append(argument)
            } else {
                // The first positional argument goes to the default subcommand (`pace log walk 20m` is `log add`).
                while choosingSubcommand, let inner = command.defaultCommand { command = inner }
                choosingSubcommand = false
                if isDashed(argument) || !moved.isEmpty { moved.append(argument) } else { kept.append(argument) }
            }
        }
        return moved.isEmpty ? kept : kept + ["--"] + moved
    }
}
