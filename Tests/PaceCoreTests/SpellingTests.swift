import Testing

@testable import PaceCore

@Suite struct SpellingTests {
    static let commands = ["status", "start", "stop", "rest", "log", "checkin", "flare", "snooze", "kinds", "help"]

    @Test(arguments: [
        ("stauts", "status"), ("strat", "start"), ("stpo", "stop"), ("chekin", "checkin"), ("Snoze", "snooze"),
        ("kind", "kinds"), ("flair", "flare"),
    ])
    func aTypoGetsTheNearestWord(typed: String, meant: String) {
        #expect(Spelling.closest(to: typed, among: Self.commands) == meant)
    }

    @Test(arguments: ["foo", "x", "walk", "history", "st"])
    func aWordFarFromEveryCandidateGetsNone(typed: String) {
        #expect(Spelling.closest(to: typed, among: Self.commands) == nil)
    }

    @Test func theNearestWinsAndTheFirstOnATie() {
        #expect(Spelling.closest(to: "walkk", among: ["walking", "walk"]) == "walk")
        #expect(Spelling.closest(to: "sim", among: ["swim", "slim"]) == "swim")
    }

    @Test(arguments: [
        ("", "", 0), ("walk", "walk", 0), ("Walk", "wALK", 0), ("walk", "walkk", 1), ("status", "stauts", 1),
        ("start", "strat", 1), ("abc", "", 3), ("kitten", "sitting", 3), ("ca", "abc", 3),
    ])
    func editDistanceCountsASwapAsOneEdit(left: String, right: String, distance: Int) {
        #expect(Spelling.editDistance(left, right) == distance)
        #expect(Spelling.editDistance(right, left) == distance)
    }
}
