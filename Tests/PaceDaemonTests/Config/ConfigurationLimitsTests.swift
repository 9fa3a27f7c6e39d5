import PaceCore
import PaceDaemon
import Testing

/// A config file that nests too deep or holds too much is refused, with its line, before it is parsed
/// (issue 22, item 7).
@Suite struct ConfigurationLimitsTests {
    let file = "/home/ana/.config/pace/config.toml"

    private func problem(_ text: String) throws -> ConfigurationError.Problem {
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationFile.parse(text, file: file) }
        #expect(error.problems.count == 1)
        return try #require(error.problems.first)
    }

    @Test func aDottedHeaderOf50000PartsIsRefusedWithItsLine() throws {
        let header = "[" + Array(repeating: "a", count: 50_000).joined(separator: ".") + "]\n"
        let problem = try problem("[day]\nstart_hour = 5\n" + header)
        #expect(problem.code == .tooLarge)
        #expect(problem.line == 3)
        #expect(problem.key == "a.a.a.a.a.a.a.a.a.…")
        #expect(problem.message.hasPrefix("nested 50000 levels deep; a config file nests at most 8"))
    }

    @Test(arguments: [
        ("a = " + String(repeating: "[", count: 100_000), "a", 100_001),
        ("a = " + String(repeating: "{ b = ", count: 100_000), "a.b.b.b.b.b.b.b.b", 9),
        ("[day]\n" + String(repeating: "x.", count: 9) + "y = 1", "day.x.x.x.x.x.x.x.x.…", 11),
    ])
    func deepArraysInlineTablesAndDottedKeysAreRefused(text: String, key: String, depth: Int) throws {
        let problem = try problem(text)
        #expect(problem.code == .tooLarge)
        #expect(problem.key == key)
        #expect(problem.message.hasPrefix("nested \(depth) levels deep"))
    }

    @Test func pacesOwnDeepestKeysAreWithinTheLimits() throws {
        let text = """
            [kinds.pottery]
            points_per_minute = { light = [[[[1]]]], moderate = 1, vigorous = 1 }
            """
        // Four levels for the key and four arrays: eight, the most allowed (the value is then the wrong shape).
        #expect(try problem(text).code == .badValue)
    }

    @Test func moreThan2000KeysAndTablesAreRefusedAtTheFirstOneTooMany() throws {
        let text = "[day]\n" + (1...2_000).map { "k\($0) = 1\n" }.joined()
        let problem = try problem(text)
        #expect(problem.code == .tooLarge)
        #expect(problem.line == 2_001)
        #expect(problem.message.hasPrefix("more than 2000 keys and tables; a config file holds at most 2000"))
    }

    @Test func twoHundredKindsAreReadAndTwoHundredAndOneRefused() throws {
        func kinds(_ count: Int) -> String {
            "[kinds]\n" + (0..<count).map { "k\($0) = { met = 3, aliases = [\"a\($0)\"] }\n" }.joined()
        }
        let settings = try ConfigurationFile.parse(kinds(200), file: file).settings
        #expect(settings.activities.count == ActivityKind.builtIn.count + 200)
        #expect(settings.activity(named: "a199")?.name == "k199")
        let problem = try problem(kinds(201))
        #expect(problem.code == .tooLarge)
        #expect(problem.description == "\(file):1: kinds: 201 entries; [kinds] holds at most 200")
    }

    @Test func aKindHasAtMost16Aliases() throws {
        let aliases = (0..<17).map { "\"a\($0)\"" }.joined(separator: ", ")
        let problem = try problem("[kinds]\npottery = { met = 2.5, aliases = [\(aliases)] }\n")
        #expect(problem.code == .badValue)
        #expect(problem.message == "17 aliases; a kind has at most 16")
    }

    /// A kind's name is what its events record, and the event validator takes names of at most 256 bytes: a longer
    /// one is refused when the config is read, not when the kind is first started.
    @Test func aKindsNameHasAtMost256Bytes() throws {
        let longest = String(repeating: "é", count: 128)
        let settings = try ConfigurationFile.parse("[kinds]\n\"\(longest)\" = { met = 2.5 }\n", file: file).settings
        #expect(settings.activity(named: longest)?.name == longest)
        let problem = try problem("[kinds]\n\"\(longest)x\" = { met = 2.5 }\n")
        #expect(problem.code == .badValue)
        #expect(problem.message == "a name of 257 bytes; a name has at most 256 (what an event may record)")
    }
}
