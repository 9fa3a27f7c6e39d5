import FoundationEssentials
import Glibc
import PaceProtocol
import PaceTestSupport
import Testing

/// paced reading `config.toml` at start-up, on SIGHUP, and with `--check-config`.
@Suite struct ConfigurationTests {
    @Test func withoutAConfigFileTheDefaultsApply() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        #expect(try dayStartHour(daemon) == 4)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func theConfigFileIsReadAtStartUp() throws {
        let daemon = try DaemonProcess()
        try writeConfig(daemon, "[day]\nstart_hour = 6\n")
        try daemon.start()
        #expect(try dayStartHour(daemon) == 6)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func aBadConfigStopsStartUpWithExit78AndNamesFileLineAndKey() throws {
        let daemon = try DaemonProcess()
        let path = try writeConfig(daemon, "# settings\n[day]\nstart_hour = 25\nsnooze = \"5m\"\n")
        let result = try Executables.run("paced", [], environment: daemon.environment)
        #expect(result.status == 78)
        #expect(
            result.standardError.contains("\(path):3: day.start_hour: expected a whole number from 0 to 23, found 25"))
        #expect(result.standardError.contains("\(path):4: day.snooze: unknown key"))
        #expect(result.standardError.contains("not started: fix \(path)"))
        #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
    }

    @Test func aFileNamedWithConfigIsUsedAndMustExist() throws {
        let daemon = try DaemonProcess()
        let path = daemon.root.appending("elsewhere.toml")
        let missing = try Executables.run("paced", ["--config", path], environment: daemon.environment)
        #expect(missing.status == 78)
        #expect(missing.standardError.contains("\(path): cannot open the config file: No such file or directory"))
        try Data("[day]\nstart_hour = 2\n".utf8).write(to: URL(filePath: path))
        try daemon.start(arguments: ["--config", path])
        #expect(try dayStartHour(daemon) == 2)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func reloadAppliesAGoodFileAndKeepsTheOldConfigOnError() throws {
        let daemon = try DaemonProcess()
        let path = try writeConfig(daemon, "[day]\nstart_hour = 6\n")
        try daemon.start()
        try writeConfig(daemon, "[day]\nstart_hour = 8\n")
        try reload(daemon)
        #expect(try dayStartHour(daemon) == 8)

        try writeConfig(daemon, "[day]\n\nstart_hour = 99\n")
        try reload(daemon)
        #expect(try dayStartHour(daemon) == 8)
        let log = daemon.process?.standardError ?? ""
        #expect(log.contains("error: \(path):3: day.start_hour: expected a whole number from 0 to 23, found 99"))
        #expect(log.contains("configuration not reloaded: the previous configuration stays in force"))
        #expect(daemon.process?.isRunning == true)

        // Removing the default file is allowed: the built-in defaults apply again.
        try FileManager.default.removeItem(atPath: path)
        try reload(daemon)
        #expect(try dayStartHour(daemon) == 4)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func checkConfigValidatesAndExits() throws {
        // The DaemonProcess is kept for its temporary directory, removed when it goes away; no daemon runs.
        let daemon = try DaemonProcess()
        let environment = daemon.environment
        let root = try #require(environment["XDG_CONFIG_HOME"])
        let path = root + "/pace/config.toml"
        let absent = try Executables.run("paced", ["--check-config"], environment: environment)
        #expect(absent.status == 0)
        #expect(absent.standardOutput == "\(path) does not exist: paced uses its built-in defaults\n")

        try FileManager.default.createDirectory(atPath: root + "/pace", withIntermediateDirectories: true)
        try Data("[day]\nstart_hour = 5\n".utf8).write(to: URL(filePath: path))
        let good = try Executables.run("paced", ["--check-config"], environment: environment)
        #expect(good.status == 0)
        #expect(good.standardOutput == "\(path): no problems found\n")

        try Data("[day]\nstart_hour = \"5\"\n[days]\n".utf8).write(to: URL(filePath: path))
        let bad = try Executables.run("paced", ["--check-config"], environment: environment)
        #expect(bad.status == 78)
        #expect(bad.standardOutput.isEmpty)
        #expect(
            bad.standardError == """
                \(path):2: day.start_hour: expected a whole number from 0 to 23, found the string "5"
                \(path):3: days: unknown section; did you mean [day]?

                """)
        // The documented example is a valid config file.
        let example = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../config/pace.toml")
            .standardized.path(percentEncoded: false)
        let documented = try Executables.run(
            "paced", ["--check-config", "--config", example], environment: environment)
        #expect(documented.status == 0, "\(documented.standardError)")
    }

    @Test func aHeaderOf50000DottedPartsIsExit78WithFileAndLineNotACrash() throws {
        // The reproduction: the nesting overflowed the stack (SIGSEGV) instead of being a config mistake.
        let daemon = try DaemonProcess()
        let header = "[" + Array(repeating: "a", count: 50_000).joined(separator: ".") + "]\n"
        let path = try writeConfig(daemon, "# deep\n" + header)
        let check = try Executables.run("paced", ["--check-config"], environment: daemon.environment)
        #expect(check.status == 78, "\(check.standardError.prefix(300))")
        #expect(
            check.standardError
                == "\(path):2: a.a.a.a.a.a.a.a.a.…: nested 50000 levels deep; a config file nests at most 8 "
                + "(Pace's own keys go 4 deep)\n")
        let start = try Executables.run("paced", [], environment: daemon.environment)
        #expect(start.status == 78)
        #expect(start.standardError.contains("not started: fix \(path)"))
    }

    @Test func twentyThousandKindsAreRefusedAtOnceWithoutStallingAReload() throws {
        // The reproduction: checking them took 11.8 s (minutes in a debug build) and stalled a reload for 17 s.
        let daemon = try DaemonProcess()
        try daemon.start()
        let path = try writeConfig(daemon, "[kinds]\n" + (0..<20_000).map { "k\($0) = { met = 3.0 }\n" }.joined())
        let started = Monotonic.milliseconds()
        try reload(daemon)
        let took = Monotonic.milliseconds() - started
        // Generous for a debug build on a loaded machine; a release build takes a few milliseconds.
        #expect(took < 5_000, "the reload took \(took) ms")
        #expect(try dayStartHour(daemon) == 4)
        #expect(daemon.stop() == .exited(0))
        // 440 kB: past the size limit before anything else (ConfigurationLimitsTests has the other limits).
        let tooLarge = "\(path): is larger than 256 KiB; expected a TOML config file"
        #expect(daemon.process?.standardError.contains(tooLarge) == true)
        let check = try Executables.run("paced", ["--check-config"], environment: daemon.environment)
        #expect(check.status == 78)
        #expect(check.standardError == tooLarge + "\n")
    }

    private func reload(_ daemon: DaemonProcess) throws {
        daemon.process?.signal(SIGHUP)
        let messages = daemon.notify.receive(until: "READY=1", timeoutMilliseconds: 30_000)
        try #require(messages.last?.contains("READY=1") == true, "no READY=1 after SIGHUP")
    }

    private func dayStartHour(_ daemon: DaemonProcess) throws -> Int {
        let result = try daemon.pace("status", "--json")
        try #require(result.status == 0, "\(result.standardError)")
        return try JSONDecoder().decode(PaceAPI.GetStatus.Reply.self, from: Data(result.standardOutput.utf8)).status
            .dayStartHour
    }
}
