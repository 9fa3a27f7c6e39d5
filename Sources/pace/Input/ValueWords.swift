import PaceCore

/// Values as people type them, which ArgumentParser would misread: a value that begins with a dash and a digit
/// (`-20m`, `-1`: a negative number, a time before now), which it takes for an option; and a time, date or length
/// of several words typed without quotes (`--at yesterday 3pm`, `pace log walk 90 minutes`), whose later words it
/// takes for arguments of their own. The command the value goes to then reads it, and says what is wrong with it
/// (`pace log walk -20m`: "a duration cannot be negative"; `--energy -1`: "takes a number from 0 to 10").
enum ValueWords {
    /// Whether `argument` is a dash, then a digit or a decimal point. No option of `pace` is spelled that way, so
    /// such a word is always a value.
    static func isDashed(_ argument: String) -> Bool {
        guard argument.first == "-", let second = argument.dropFirst().first else { return false }
        return second.isASCII && (second.isNumber || second == ".")
    }

    /// Whether `arguments` may hold a value of several words: a word that goes on a time, date or length begun
    /// before it (`am`, `ago`, `minutes`) or begins one that goes on (`yesterday`, `in`), or two lengths in a row
    /// (`1h 30m`). Other command lines are not looked at for them.
    static func mayHoldSpacedValue(_ arguments: [String]) -> Bool {
        let beginnings: Set = ["at", "in", "yesterday", "today", "tomorrow"]
        func isLength(_ word: String) -> Bool { (try? DurationText.parseMilliseconds(word)) != nil }
        return zip(arguments, arguments.dropFirst()).contains { word, next in
            (beginnings.contains(word.lowercased()) && !next.hasPrefix("-"))
                || ["am", "pm", "ago"].contains(next.lowercased()) || DurationText.isUnit(next)
                || (isLength(word) && isLength(next))
        }
    }

    /// `arguments` (the command line without the program name) spelled so that ArgumentParser reads each value
    /// as one: the words of a value typed without quotes joined into one argument, and each dashed value attached
    /// to the option before it when that option takes a value (`--energy=-1`), or, as a positional argument, moved
    /// after `--` with the positional arguments after it, in their order (`log walk --at 9:00 -- -20m`).
    ///
    /// Command lines with neither, or that already hold `--`, come back as they are.
    static func prepared(_ arguments: [String]) -> [String] {
        guard arguments.contains(where: isDashed) || mayHoldSpacedValue(arguments), !arguments.contains("--"),
            var command = try? CommandShape.pace()
        else { return arguments }
        var kept: [String] = []
        var moved: [String] = []
        var choosingSubcommand = true
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            if argument.hasPrefix("-") && !isDashed(argument) {
                guard !argument.contains("="), let option = command.valueOption(argument),
                    let first = remaining.popFirst()
                else {
                    kept.append(argument)
                    continue
                }
                let value = joined(first, &remaining)
                kept += isDashed(value) ? [option + "=" + value] : [argument, value]
            } else if choosingSubcommand, let subcommand = command.subcommand(named: argument) {
                command = subcommand
                kept.append(argument)
            } else {
                // The first positional argument goes to the default subcommand (`pace log walk 20m` is `log add`).
                while choosingSubcommand, let inner = command.defaultCommand { command = inner }
                choosingSubcommand = false
                let value = joined(argument, &remaining)
                if isDashed(value) || !moved.isEmpty { moved.append(value) } else { kept.append(value) }
            }
        }
        return moved.isEmpty ? kept : kept + ["--"] + moved
    }

    /// `first` and as many of the words at the start of `remaining` (up to three, none an option) as make with it
    /// the longest time, date or length, taken from `remaining`. A word that is already a time or a date keeps
    /// the words after it (`--at 09:00 walk`); a length takes more of itself (`1h 30m`).
    private static func joined(_ first: String, _ remaining: inout ArraySlice<String>) -> String {
        let words = remaining.prefix(3).prefix { !$0.hasPrefix("-") || isDashed($0) }
        for count in stride(from: words.count, to: 0, by: -1) {
            let candidate = ([first] + words.prefix(count)).joined(separator: " ")
            if reads(candidate, asMoreThan: first) {
                remaining.removeFirst(count)
                return candidate
            }
        }
        return first
    }

    /// Whether `text` is a time, a date or a length that `first` alone is not (a length may go on: `1h` `30m`).
    private static func reads(_ text: String, asMoreThan first: String) -> Bool {
        let now = Instant(secondsSinceEpoch: 0)
        let today = CivilDate(year: 2000, month: 1, day: 1)
        func time(_ text: String) -> Bool { (try? TimeText.parse(text, now: now, utcOffsetSeconds: 0)) != nil }
        func date(_ text: String) -> Bool { (try? TimeText.parseDate(text, today: today)) != nil }
        return (time(text) && !time(first)) || (date(text) && !date(first))
            || (try? DurationText.parseMilliseconds(text)) != nil
    }
}
