import ArgumentParser
import FoundationEssentials
import Logging
import PaceDaemon
import PaceLog
import PaceProtocol

/// `paced`: the pacing daemon.
struct Paced: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paced",
        abstract: "The Pace daemon: tracks exertion against a daily budget and reminds you to rest.",
        discussion: """
            paced keeps its event log in $XDG_STATE_HOME/pace (default ~/.local/state/pace) and listens on \
            $XDG_RUNTIME_DIR/pace/pace.sock. Talk to it with `pace`. It normally runs as a systemd user \
            service (`systemctl --user enable --now paced.socket`); run it by hand to try it: Ctrl-C stops it.

            Exit status: 0 stopped cleanly; 64 bad usage; 73 cannot create the state directory or socket; \
            75 another paced is already running. With --dump-log or --check-log: 0 done; 1 the check found \
            damage; 74 the log cannot be read.
            """,
        version: ProductInfo.version
    )

    @Option(name: .long, help: ArgumentHelp("Listen on this socket instead of the default.", valueName: "path"))
    var socket: String?

    @Flag(help: "Print every event in the log as a JSON line, oldest first, and exit. Safe while paced runs.")
    var dumpLog = false

    @Flag(help: "Check the event log for damage without changing it, and exit: 0 none found, 1 damage found.")
    var checkLog = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        if dumpLog || checkLog {
            let state = DaemonLocations.resolve(environment: environment).stateDirectory
            let directory = EventLog.directory(inStateDirectory: state)
            let status = dumpLog ? LogInspection.dump(directory: directory) : LogInspection.check(directory: directory)
            throw ExitCode(status.rawValue)
        }
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label) }
        let options = Daemon.Options(locations: DaemonLocations.resolve(environment: environment, socketPath: socket))
        Daemon(options: options, logger: Logger(label: "paced")).run()
    }
}
