import ArgumentParser
import FoundationEssentials
import Logging
import PaceDaemon
import PaceLog
import PaceProtocol
import PaceSystem

/// `paced`: the pacing daemon.
struct Paced: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paced",
        abstract: "The Pace daemon: tracks exertion against a daily budget and reminds you to rest.",
        discussion: """
            paced keeps its event log in $XDG_STATE_HOME/pace (default ~/.local/state/pace) and listens on \
            $XDG_RUNTIME_DIR/pace/pace.sock. Talk to it with `pace`. It normally runs as a systemd user \
            service (`systemctl --user enable --now paced.socket`); run it by hand to try it: Ctrl-C stops it.

            Settings come from $XDG_CONFIG_HOME/pace/config.toml (default ~/.config/pace/config.toml) when it \
            exists; every setting has a built-in default. SIGHUP (`systemctl --user reload paced`) rereads it.

            Exit status: 0 stopped cleanly, or --check-config found no problem; 64 bad usage; 73 cannot create \
            the state directory or socket; 75 another paced is already running; 78 the config file has a \
            mistake. With --dump-log or --check-log: 0 done; 1 the check found damage, or events paced skips; 74 the \
            log cannot be read.
            """,
        version: ProductInfo.version
    )

    @Option(name: .long, help: ArgumentHelp("Listen on this socket instead of the default.", valueName: "path"))
    var socket: String?

    @Flag(help: "Print every event in the log as a JSON line, oldest first, and exit. Safe while paced runs.")
    var dumpLog = false

    @Flag(
        help: """
            Check the event log for damage and for events paced skips (values out of range, unknown types) without \
            changing it, and exit: 0 none found, 1 found.
            """)
    var checkLog = false

    @Option(
        name: .long,
        help: ArgumentHelp("Read settings from this file, which must exist.", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Check the config file, print what is wrong with it, and exit (0 valid, 78 not).")
    var checkConfig = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        if dumpLog || checkLog {
            let state = DaemonLocations.resolve(environment: environment).stateDirectory
            let directory = EventLog.directory(inStateDirectory: state)
            let status = dumpLog ? LogInspection.dump(directory: directory) : LogInspection.check(directory: directory)
            throw ExitCode(status.rawValue)
        }
        let source = ConfigurationSource.resolve(environment: environment, explicitPath: config)
        if checkConfig { try Self.check(source) }
        Self.serve(socket: socket, configuration: source, environment: environment)
    }

    /// Runs the daemon: what `paced` does with no option, as systemd starts it.
    static func serve(socket: String?, configuration: ConfigurationSource, environment: [String: String]) -> Never {
        LoggingSystem.bootstrap { label in LogDestination.handler(label: label, environment: environment) }
        let options = Daemon.Options(
            locations: DaemonLocations.resolve(environment: environment, socketPath: socket),
            configuration: configuration,
            testHooks: TestHooks.enabled(environment: environment)
        )
        Daemon(options: options, logger: Logger(label: "paced")).run()
    }

    /// `--check-config`: one line on standard output when the file is fine, one per problem on standard error
    /// when it is not.
    private static func check(_ source: ConfigurationSource) throws -> Never {
        do {
            _ = try source.load()
        } catch {
            StandardError.write(error.description + "\n")
            throw ExitCode(Daemon.ExitStatus.badConfiguration.rawValue)
        }
        if FileManager.default.fileExists(atPath: source.path) {
            print("\(source.path): no problems found")
        } else {
            print("\(source.path) does not exist: paced uses its built-in defaults")
        }
        throw ExitCode.success
    }
}
