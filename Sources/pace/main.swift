import ArgumentParser

// `pace` and `pace status`, the commands people and status bars run most, are read without ArgumentParser
// (see StatusFastPath); every other command line goes to it. ArgumentParser's own `main()` prints the usage block
// after every mistake; `pace` says what to type instead in one line, and leaves help, versions and completion
// scripts to ArgumentParser.
// Values that begin with a dash and a digit (`-20m`, `--energy -1`), and times and lengths of several words typed
// without quotes (`--at yesterday 3pm`), are handed to it as values (ValueWords).
do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let status = StatusFastPath.request(arguments) {
        try status.run()
    } else {
        var command = try PaceCommand.parseAsRoot(ValueWords.prepared(arguments))
        try command.run()
    }
} catch let code as ExitCode {
    PaceCommand.exit(withError: code)
} catch {
    let status = PaceCommand.exitCode(for: error)
    guard status == .validationFailure else { PaceCommand.exit(withError: error) }
    Console.error("pace: " + UsageLine.text(for: error, arguments: Array(CommandLine.arguments.dropFirst())))
    PaceCommand.exit(withError: status)
}
