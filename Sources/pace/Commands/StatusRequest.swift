import PaceProtocol

/// A `pace status` to run: what ``StatusCommand`` and ``StatusFastPath`` both hand over, so the two paths share
/// every step after reading the command line.
struct StatusRequest: Equatable {
    /// `--socket`, `--json`, `--ascii`.
    var options: ClientOptions
    /// `--format`.
    var format: StatusCommand.Format?
    /// `--verbose`.
    var verbose = false

    /// Asks paced for its status and prints it.
    ///
    /// - Throws: `ExitCode` after the one line that says what went wrong.
    func run() throws {
        try FailureReporting.run {
            let status = try options.call(PaceAPI.GetStatus.self, NoParameters()).status
            switch format ?? (options.json ? .json : .human) {
            case .json:
                Console.line(try JSONOutput.render(PaceAPI.GetStatus.Reply(status: status)))
            case .waybar:
                Console.line(try JSONOutput.line(WaybarOutput.from(status, zone: SystemClock.zone)))
            case .human:
                let settings = options.settings
                Console.line(StatusText.line(status, zone: SystemClock.zone, settings: settings))
                if verbose {
                    for line in StatusText.daemonLines(status, settings: settings) { Console.line(line) }
                }
            }
        }
    }
}
