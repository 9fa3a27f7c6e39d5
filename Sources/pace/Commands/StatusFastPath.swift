/// Reads `pace` and `pace status` command lines without ArgumentParser.
///
/// They are what people type most and what status bars run every few seconds, and parsing a command line with
/// ArgumentParser costs several times what the call to paced does: it reflects over every command type of `pace`
/// and looks their conformances up at run time, the first time in each process. The forms read here are those
/// whose meaning is beyond doubt: an optional `status` first, then `--json`, `--ascii`, `--verbose` or `-v`,
/// `--format human|json|waybar` and `--socket PATH` (also as `--format=…`, `--socket=…`), in any order, each at
/// most once. Anything else — help, `--version`, completion scripts, `--`, an unknown, repeated or misspelt
/// option, a value that ArgumentParser would read as an option or reject, another command — is left to
/// ArgumentParser, which parses it as it always did. The tests run both paths on the same command lines and
/// compare every byte and the exit status.
enum StatusFastPath {
    /// The request `arguments` (the command line without the program name) makes, or `nil` when it is not one of
    /// the forms above.
    static func request(_ arguments: [String]) -> StatusRequest? {
        var remaining = arguments[...]
        if remaining.first == "status" { remaining.removeFirst() }
        var request = StatusRequest(options: ClientOptions())
        var seen = (json: false, ascii: false, verbose: false, format: false, socket: false)
        while let argument = remaining.popFirst() {
            var name = Substring(argument)
            var attached: Substring?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = argument[..<equals]
                attached = argument[argument.index(after: equals)...]
            }
            switch name {
            case "--json":
                guard attached == nil, !seen.json else { return nil }
                seen.json = true
                request.options.json = true
            case "--ascii":
                guard attached == nil, !seen.ascii else { return nil }
                seen.ascii = true
                request.options.ascii = true
            case "--verbose", "-v":
                guard attached == nil, !seen.verbose else { return nil }
                seen.verbose = true
                request.verbose = true
            case "--format":
                guard !seen.format, let value = attached.map(String.init) ?? remaining.popFirst(),
                    let format = StatusCommand.Format(rawValue: value)
                else { return nil }
                seen.format = true
                request.format = format
            case "--socket":
                guard !seen.socket, let value = attached.map(String.init) ?? remaining.popFirst(), isPlain(value)
                else { return nil }
                seen.socket = true
                request.options.socket = value
            default:
                return nil
            }
        }
        return request
    }

    /// Whether ArgumentParser takes `value` as an option's value as it is: not empty, and not something it could
    /// read as an option (a leading `-`).
    private static func isPlain(_ value: String) -> Bool {
        !value.isEmpty && !value.hasPrefix("-")
    }
}
