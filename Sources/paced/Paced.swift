import ArgumentParser
import FoundationEssentials
import Logging
import PaceDaemon
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
            75 another paced is already running.
            """,
        version: ProductInfo.version
    )

    @Option(name: .long, help: ArgumentHelp("Listen on this socket instead of the default.", valueName: "path"))
    var socket: String?

    func run() throws {
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label) }
        let environment = ProcessInfo.processInfo.environment
        let options = Daemon.Options(locations: DaemonLocations.resolve(environment: environment, socketPath: socket))
        Daemon(options: options, logger: Logger(label: "paced")).run()
    }
}
