import FoundationEssentials
import PaceCore
import Testing

/// Which device shows a reminder when the person has several screens (docs/sync.md, "One person, several screens").
@Suite struct PresenceTests {
    private let t = Instant(millisecondsSinceEpoch: 1_764_072_300_000)

    @Test func activeBeatsAwayWhateverTheTimes() {
        let presences = [
            "laptop": Presence(.away, since: t.adding(seconds: 600)),
            "desktop": Presence(.active, since: t),
        ]
        #expect(Presence.reminderDevice(among: presences) == "desktop")
    }

    @Test func theScreenComeToLastWins() {
        let presences = [
            "a": Presence(.active, since: t),
            "b": Presence(.active, since: t.adding(seconds: 1)),
            "c": Presence(.active, since: t.adding(seconds: -60)),
        ]
        #expect(Presence.reminderDevice(among: presences) == "b")
    }

    @Test func awayFromAllTheScreenLeftLastWins() {
        let presences = [
            "a": Presence(.away, since: t.adding(seconds: 30)),
            "b": Presence(.away, since: t),
        ]
        #expect(Presence.reminderDevice(among: presences) == "a")
    }

    /// Ties break on the smaller device id, whatever order the devices are seen in: every device picks the same one.
    @Test func aTieGoesToTheSmallerDeviceID() {
        for state in [Presence.State.active, .away] {
            let ids = ["9f00aa0000000001", "0a00aa0000000002", "5500aa0000000003"]
            for rotation in 0..<ids.count {
                let order = Array(ids[rotation...] + ids[..<rotation])
                let presences = Dictionary(uniqueKeysWithValues: order.map { ($0, Presence(state, since: t)) })
                #expect(Presence.reminderDevice(among: presences) == "0a00aa0000000002")
            }
        }
        #expect(
            Presence.reminderDevice(among: ["b": Presence(.active, since: t), "a": Presence(.away, since: t)]) == "b")
    }

    @Test func noPresenceKnownPicksNone() {
        #expect(Presence.reminderDevice(among: [String: Presence]()) == nil)
    }

    @Test func encodesAsTheDocumentedJSON() throws {
        let text = String(decoding: try JSONEncoder().encode(Presence(.active, since: t)), as: UTF8.self)
        #expect(text.contains("\"state\":\"active\""))
        #expect(text.contains("\"since\":1764072300000"))
        #expect(text.contains("\"format\":1"))
        let read = try JSONDecoder().decode(Presence.self, from: Data(text.utf8))
        #expect(read == Presence(.active, since: t))
    }
}
