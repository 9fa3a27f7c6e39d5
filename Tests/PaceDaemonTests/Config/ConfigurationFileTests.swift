import FoundationEssentials
import Glibc
import PaceCore
import PaceDaemon
import PaceTestSupport
import Testing

@Suite struct ConfigurationFileTests {
    let file = "/home/ana/.config/pace/config.toml"

    @Test func noFileMeansTheBuiltInDefaults() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let configuration = try ConfigurationFile.load(directory.appending("config.toml"), required: false)
        #expect(configuration == Configuration())
        #expect(configuration.settings.dayStartHour == 4)
        #expect(try ConfigurationFile.parse("", file: file) == Configuration())
        #expect(try ConfigurationFile.parse("# nothing set\n\n[day]\n", file: file) == Configuration())
    }

    @Test func aFileNamedWithConfigMustExist() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.appending("missing.toml")
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationFile.load(path, required: true) }
        #expect(error.problems.map(\.code) == [.unreadable])
        #expect(error.description == "\(path): cannot open the config file: No such file or directory")
    }

    @Test func valuesReplaceTheDefaults() throws {
        let configuration = try ConfigurationFile.parse("[day]\nstart_hour = 6 # after the night\n", file: file)
        #expect(configuration.settings.dayStartHour == 6)
        // The same key as a dotted key or an inline table.
        #expect(try ConfigurationFile.parse("day.start_hour = 5\n", file: file).settings.dayStartHour == 5)
        #expect(try ConfigurationFile.parse("day = { start_hour = 3 }\n", file: file).settings.dayStartHour == 3)
    }

    @Test(arguments: [
        ("24", "found 24"), ("-1", "found -1"), ("\"5\"", "found the string \"5\""), ("4.5", "found 4.5"),
        ("true", "found true"), ("[4]", "found a list"), ("{ hour = 4 }", "found a table"),
        ("07:00:00", "found the time 07:00:00"), ("2026-11-25", "found the date 2026-11-25"),
    ])
    func everyBadValueNamesFileLineAndKey(value: String, found: String) throws {
        let text = "# Pace\n\n[day]\nstart_hour = \(value)\n"
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationFile.parse(text, file: file) }
        let problem = try #require(error.problems.first)
        #expect(error.problems.count == 1)
        #expect(problem.code == .badValue)
        #expect(problem.line == 4)
        #expect(problem.key == "day.start_hour")
        #expect(error.description == "\(file):4: day.start_hour: expected a whole number from 0 to 23, \(found)")
    }

    @Test func unknownKeysAndSectionsAreNamedWithAGuess() throws {
        let text = """
            [day]
            strat_hour = 5

            [dya]
            start_hour = 5

            [bogus]
            x = 1

            [day.extra]
            start_hour = 1
            """
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationFile.parse(text, file: file) }
        #expect(
            error.problems.map(\.description) == [
                "\(file):2: day.strat_hour: unknown key; did you mean start_hour?",
                "\(file):4: dya: unknown section; did you mean [day]?",
                "\(file):7: bogus: unknown section; Pace knows [day], [activities], [kinds], [budget], [reminders], [desktop], [heart_rate], [sync], [import], [server]",
                "\(file):10: day.extra: unknown key; [day] has start_hour",
            ])
        #expect(error.problems.allSatisfy { $0.code == .unknownKey })
    }

    @Test func keysOutsideTheirSectionAreShownWhereTheyBelong() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try ConfigurationFile.parse("start_hour = 5\ncolour = \"blue\"\nday = 4\n", file: file)
        }
        #expect(
            error.problems.map(\.description) == [
                "\(file):1: start_hour: unknown key here; it belongs under [day]",
                "\(file):2: colour: unknown key; every key belongs in a section: [day], [activities], [kinds], [budget], [reminders], [desktop], [heart_rate], [sync], [import], [server]",
                "\(file):3: day: expected a section: write [day] on a line of its own, its keys below",
            ])
    }

    @Test func syntaxErrorsCarryTOMLKitsLineAndColumn() throws {
        let text = "[day]\nstart_hour = \n"
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationFile.parse(text, file: file) }
        let problem = try #require(error.problems.first)
        #expect(problem.code == .syntax)
        #expect(problem.line == 2)
        #expect(problem.key == nil)
        #expect(problem.description.hasPrefix("\(file):2: "))
        #expect(problem.description.hasSuffix("; this is not valid TOML"))
        #expect(problem.description.contains("(column "))
    }

    @Test func linesAreRightAfterMultiLineStringsArraysAndInlineTables() throws {
        let text = #"""
            # A comment with [brackets] and key = "value" in it
            notes = """
            start_hour = 99
            [day]
            """
            list = [
              { start_hour = 1 },  # a comment
              "]",
            ]
            'quoted.key' = "it's"

            [ day ]
            "start_hour" = 30
            """#
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationFile.parse(text, file: file) }
        #expect(error.problems.map(\.line) == [2, 6, 10, 13])
        #expect(error.problems.map(\.key) == ["notes", "list", "quoted.key", "day.start_hour"])
        let inline = try #require(throws: ConfigurationError.self) {
            try ConfigurationFile.parse("\n\nday = { start_hour = 30 }\n", file: file)
        }
        #expect(inline.problems.first?.line == 3)
    }

    @Test func everyProblemIsReportedInLineOrder() throws {
        let text = "[zzz]\n[day]\nstart_hour = 99\nfoo = 1\n"
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationFile.parse(text, file: file) }
        #expect(error.problems.map(\.line) == [1, 3, 4])
        #expect(error.description.split(separator: "\n").count == 3)
    }

    @Test func unreadableFilesAreRefusedWithTheReason() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let notUTF8 = directory.appending("latin1.toml")
        try Data("[day]\n# caf\u{E9}\n".utf8.map { $0 } + [0xE9, 0x0A]).write(to: URL(filePath: notUTF8))
        let withNUL = directory.appending("nul.toml")
        try Data([UInt8]("[day]\n".utf8) + [0] + [0x0A]).write(to: URL(filePath: withNUL))
        let cases: [(String, String)] = [
            (directory.path, "\(directory.path): is not a regular file; expected a TOML config file"),
            (notUTF8, "\(notUTF8):3: is not UTF-8 text; save the file as UTF-8"),
            (withNUL, "\(withNUL):2: holds a NUL byte; TOML is text"),
        ]
        for (path, message) in cases {
            let error = try #require(throws: ConfigurationError.self) {
                try ConfigurationFile.load(path, required: false)
            }
            #expect(error.problems.map(\.code) == [.unreadable])
            #expect(error.description == message)
        }
    }

    @Test func theDefaultPathFollowsXDG() {
        #expect(
            ConfigurationFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x/conf", "HOME": "/home/ana"])
                == "/x/conf/pace/config.toml")
        #expect(
            ConfigurationFile.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/ana"])
                == "/home/ana/.config/pace/config.toml")
    }

    /// `config/pace.toml` documents every key with its default, so reading it gives the built-in defaults.
    @Test func theDocumentedExampleHasEveryKeyAtItsDefault() throws {
        let path = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../../config/pace.toml")
            .standardized.path(percentEncoded: false)
        let text = try String(decoding: Data(contentsOf: URL(filePath: path)), as: UTF8.self)
        let uncommented = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("# ") && $0.contains(" = ") ? String($0.dropFirst(2)) : String($0) }
            .joined(separator: "\n")
        #expect(try ConfigurationFile.parse(uncommented, file: path) == Configuration())
        for key in Configuration.schema.keys {
            #expect(uncommented.contains("[\(key.section)]"), "config/pace.toml lacks [\(key.section)]")
            guard key.name != ConfigurationKey<Configuration>.anyName else { continue }
            #expect(uncommented.contains("\n\(key.name) = "), "config/pace.toml lacks \(key.path)")
        }
        // The examples of free-named tables are valid too.
        let examples = text.split(separator: "\n").filter { $0.hasPrefix("#: ") }.map { $0.dropFirst(3) }
        #expect(!examples.isEmpty)
        let kinds = try ConfigurationFile.parse("[kinds]\n" + examples.joined(separator: "\n"), file: path)
        #expect(kinds.settings.activity(named: "clay")?.name == "pottery")
        #expect(kinds.settings.activity(named: "choir")?.pointsPerMinute?.light == 0.4)
    }
}

@Suite struct CoreSettingsConfigurationTests {
    private let file = "/home/ana/.config/pace/config.toml"

    @Test func keysReachTheCoreSettings() throws {
        let text = """
            [day]
            start_hour = 5
            [activities]
            reference = "yoga"
            default_intensity = "light"
            [budget]
            calibration_days = 5
            flare_factor = 0.4
            exertion_debt = true
            longest_bout = "3h"
            [reminders]
            per_day = 4
            minimum_gap = "30m"
            quiet_hours = "off"
            snooze = "10m"
            morning_checkin = "7:30"
            evening_checkin = "21:00"
            shortest_bout = "2m"
            [server]
            idle_timeout = "5s"
            max_connections = 64
            """
        let configuration = try ConfigurationFile.parse(text, file: file)
        let settings = configuration.settings
        #expect(settings.dayStartHour == 5)
        #expect(settings.referenceActivity == "yoga")
        #expect(settings.defaultIntensity == .light)
        #expect(settings.envelope.calibrationDays == 5)
        #expect(settings.envelope.flareFactor == 0.4)
        #expect(settings.envelope.exertionDebt.enabled)
        #expect(settings.longestBoutMinutes == 180)
        #expect(settings.reminders.maximumPerDay == 4)
        #expect(settings.reminders.minimumGapMinutes == 30)
        #expect(settings.reminders.quietHours == nil)
        #expect(settings.reminders.snoozeMinutes == 10)
        #expect(settings.reminders.morningCheckIn == ClockTime(hour: 7, minute: 30))
        #expect(settings.reminders.eveningCheckIn == ClockTime(hour: 21, minute: 0))
        #expect(settings.reminders.minimumBoutMinutes == 2)
        #expect(configuration.server.idleTimeout == .seconds(5))
        #expect(configuration.server.maximumConnections == 64)
    }

    @Test func activityKindsAreDefinedByName() throws {
        let text = """
            [kinds]
            pottery = { met = 2.5, aliases = ["clay"] }
            walk = { points_per_minute = 2 }
            """
        let settings = try ConfigurationFile.parse(text, file: file).settings
        let pottery = try #require(settings.activity(named: "clay"))
        #expect(pottery.name == "pottery")
        #expect(pottery.met == 2.5)
        // A built-in kind redefined: the new weight, once.
        #expect(settings.activities.filter { $0.name == "walk" }.count == 1)
        #expect(settings.activity(named: "walk")?.pointsPerMinute?.moderate == 2)
    }

    @Test(arguments: [
        ("[kinds]\npottery = 3\n", "kinds.pottery: expected a table with met"),
        ("[kinds]\npottery = { met = 2, points_per_minute = 1 }\n", "give either met or points_per_minute"),
        ("[kinds]\npottery = { mets = 2 }\n", "unknown key mets"),
        ("[kinds]\npottery = { met = 40 }\n", "expected a number from 1 to 20, found 40"),
        ("[reminders]\nquiet_hours = \"never\"\n", "or \"off\""),
        ("[activities]\ndefault_intensity = \"hard\"\n", "one of \"light\", \"moderate\", \"vigorous\""),
    ])
    func badValuesAreNamed(text: String, message: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationFile.parse(text, file: file) }
        #expect(error.description.contains(message), "\(error.description)")
        #expect(error.problems.first?.line == 2)
    }
}
