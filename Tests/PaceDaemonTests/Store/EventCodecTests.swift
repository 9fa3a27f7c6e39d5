import Foundation
import PaceCore
import PaceTestSupport
import Testing

@testable import PaceDaemon
@testable import PaceProtocol

/// The log's bytes must never change: events are written as Foundation's `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` writes them, byte for byte, and read back as the same events, including
/// everything an earlier Pace wrote. Golden files hold the bytes commit 01ae46e wrote for every event type.
@Suite struct EventCodecTests {
    /// The events of `Tests/Fixtures/events-01ae46e.jsonl`, in its order: every type, optional fields present and
    /// absent, strings that need escapes, numbers at their limits.
    static let goldenEvents: [Event] = {
        let at = Instant(millisecondsSinceEpoch: 1_764_072_300_000)
        func i(_ milliseconds: Int64) -> Instant { Instant(millisecondsSinceEpoch: milliseconds) }
        let tricky =
            "a \"quoted\" note with \\ back/slash, tab\t, newline\n, nul\u{0}, del\u{7F}, café 🧘 e\u{301} \u{2028}"
        func event(_ payload: Event.Payload, at time: Instant = at, offset: Int = 3600) -> Event {
            Event(at: time, utcOffsetSeconds: offset, payload)
        }
        return [
            event(.activityStarted(.init(activity: "walk", intensity: .moderate, pointsPerMinute: 1.8))),
            event(
                .activityStarted(.init(activity: "café with Ana 🧘", intensity: .light, pointsPerMinute: 0.1 + 0.2)),
                at: i(-1), offset: -18_000),
            event(
                .activityStarted(
                    .init(activity: tricky, intensity: .vigorous, pointsPerMinute: 1.7976931348623157e308)),
                at: i(Int64.max), offset: Int.min),
            event(.activityStopped, offset: 7200),
            event(
                .activityLogged(
                    .init(
                        activity: "yoga", intensity: .light, pointsPerMinute: 1.0, start: i(1_764_060_000_000),
                        durationSeconds: 1800))),
            event(
                .activityLogged(
                    .init(
                        activity: "s/l/ash", intensity: .vigorous, pointsPerMinute: -0.0, start: i(Int64.min),
                        durationSeconds: Int.min)),
                at: i(Int64.min), offset: Int.max),
            event(
                .activityLogged(
                    .init(
                        activity: "water-exercise", intensity: .moderate, pointsPerMinute: .leastNonzeroMagnitude,
                        start: i(0),
                        durationSeconds: 0)),
                offset: 0),
            event(.restStarted(.init(plannedSeconds: 900))),
            event(.restStarted(.init(plannedSeconds: nil))),
            event(.restEnded),
            event(
                .checkIn(
                    CheckIn(
                        energy: 4, fatigue: 6, pain: 5, sleepQuality: 3, stress: 2, flare: false, note: "slept 5/10"))),
            event(.checkIn(CheckIn(energy: 7))),
            event(.checkIn(CheckIn(flare: true))),
            event(
                .checkIn(
                    CheckIn(
                        energy: -1, fatigue: 10, pain: 0, sleepQuality: Int.max, stress: Int.min, flare: nil,
                        note: tricky))),
            event(.checkIn(CheckIn(note: ""))),
            event(.flareStarted(.init(until: i(1_764_158_700_000)))),
            event(.flareStarted(.init(until: nil))),
            event(.flareEnded),
            event(.snoozed(.init(until: i(1_764_072_600_000), reminder: ReminderID("bout:1764070000000")))),
            event(.snoozed(.init(until: i(1_764_072_600_000), reminder: nil))),
            event(
                .reminderShown(
                    .init(
                        reminder: ReminderID("budget100:2026-11-25"),
                        covers: [ReminderID("bout:1764072300000"), ReminderID("budget90:2026-11-25")]))),
            event(.reminderShown(.init(reminder: ReminderID("checkin-morning:2026-11-25"), covers: []))),
            event(.reminderActedOn(.init(reminder: ReminderID("bout:1764070000000"), action: .stop))),
            event(.reminderActedOn(.init(reminder: ReminderID("bout:1764070000000"), action: .snooze))),
            event(.reminderActedOn(.init(reminder: ReminderID("rest:1764070000000"), action: .startRest))),
            event(.reminderActedOn(.init(reminder: ReminderID(tricky), action: .dismissed))),
            event(.calibrationAnswered(.init(badDayMinutes: 20, pointsPerMinute: 1.8))),
            event(.calibrationAnswered(.init(badDayMinutes: 0, pointsPerMinute: 1e21))),
            event(.calibrationAnswered(.init(badDayMinutes: 45, pointsPerMinute: 1.7999999999999998))),
            event(.calibrationAnswered(.init(badDayMinutes: 30, pointsPerMinute: 1e-7))),
            event(.trialIncreaseRequested),
        ]
    }()

    static let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Fixtures")

    /// The lines of a golden file (each one event's bytes, as the log holds them).
    static func goldenLines(_ name: String) throws -> [[UInt8]] {
        let bytes = [UInt8](try Data(contentsOf: fixtures.appending(path: name)))
        return bytes.split(separator: 0x0A).map(Array.init)
    }

    @Test func theBytesAnEarlierPaceWroteReadAsTheSameEventsAndAreWrittenAgainByteForByte() throws {
        let lines = try Self.goldenLines("events-01ae46e.jsonl")
        #expect(lines.count == Self.goldenEvents.count)
        for (line, event) in zip(lines, Self.goldenEvents) {
            let text = String(decoding: line, as: UTF8.self)
            #expect(try EventCodec.decode(line) == event, "\(text)")
            #expect(try JSONDecoder().decode(Event.self, from: Data(line)) == event, "\(text)")
            #expect(String(decoding: EventCodec.encode(event), as: UTF8.self) == text)
        }
        // Every event type of the time is in the golden file (corrections came with the record contract, morning
        // readings with heart rate).
        let types = Set(Self.goldenEvents.map(\.payload.type))
        let newer: Set<Event.Payload.Kind> = [.retracted, .amended, .morningReading]
        #expect(types == Set(Event.Payload.Kind.allCases.filter { !newer.contains($0) }.map(\.rawValue)))
    }

    /// What Pace wrote before keys were sorted (in declaration order, slashes escaped), and what a person or another
    /// program may write (spaces, pretty-printed, keys in any order).
    @Test(arguments: [
        (
            #"{"type":"activityStarted","at":1764072300000,"utcOffsetSeconds":3600,"activity":"walk","intensity":"moderate","pointsPerMinute":1.8}"#,
            0
        ),
        (
            #"{"type":"checkIn","at":1764072300000,"utcOffsetSeconds":3600,"energy":4,"fatigue":6,"pain":5,"sleepQuality":3,"stress":2,"flare":false,"note":"slept 5\/10"}"#,
            10
        ),
        (
            #"{"type":"reminderShown","at":1764072300000,"utcOffsetSeconds":3600,"reminder":"budget100:2026-11-25","covers":["bout:1764072300000","budget90:2026-11-25"]}"#,
            20
        ),
        (
            #"{"type":"reminderShown","at":1764072300000,"utcOffsetSeconds":3600,"reminder":"checkin-morning:2026-11-25","covers":[]}"#,
            21
        ),
        (
            """
            {
              "utcOffsetSeconds" : 3600,
              "until" : 1764072600000,
              "type" : "snoozed",
              "at" : 1764072300000
            }
            """, 19
        ),
        (#"{"type":"restStarted","at":1764072300000,"utcOffsetSeconds":3600,"plannedSeconds":null}"#, 8),
        (#"{"type":"flareEnded","at":1764072300000,"utcOffsetSeconds":3600,"fromANewerPace":{"x":[1]}}"#, 17),
    ])
    func eventsWrittenOtherwiseReadAsTheSameEvents(line: String, index: Int) throws {
        #expect(try EventCodec.decode(Array(line.utf8)) == Self.goldenEvents[index])
        #expect(try JSONDecoder().decode(Event.self, from: Data(line.utf8)) == Self.goldenEvents[index])
    }

    @Test func randomEventsAreWrittenAsJSONEncoderWritesThemAndReadBackTheSame() throws {
        var random = SplitMix(seed: 30)
        for _ in 0..<3000 {
            let event = RandomEvent.make(&random)
            let bytes = EventCodec.encode(event)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text == String(decoding: try ReferenceJSON.encode(event), as: UTF8.self))
            #expect(try JSONDecoder().decode(Event.self, from: Data(bytes)) == event, "\(text)")
            #expect(try EventCodec.decode(bytes) == event, "\(text)")
        }
    }

    /// Damage and unusual spellings: the reader gives the reference's event, or refuses where the reference does;
    /// where the damage leaves text that is not JSON, it refuses (the reference may let malformed JSON pass in a
    /// member it does not read).
    @Test func damagedEventsReadAsTheReferenceReadsThemOrAreRefused() {
        var random = SplitMix(seed: 32)
        var read = 0
        for _ in 0..<4000 {
            let bytes = DamagedEvent.make(&random)
            let fast = try? EventCodec.decode(bytes)
            let reference = try? JSONDecoder().decode(Event.self, from: Data(bytes))
            let text = String(decoding: bytes, as: UTF8.self)
            if StrictJSON.isValid(bytes) {
                #expect(fast == reference, "\(text)")
            } else {
                #expect(fast == nil, "read text that is not JSON: \(text)")
            }
            if fast != nil { read += 1 }
        }
        #expect(read > 500, "the damage should leave some events readable")
    }

    @Test func anUnknownTypeIsAnErrorThatSaysWhatItIs() {
        let line = #"{"type":"teleported","at":1,"utcOffsetSeconds":0}"#
        #expect {
            try EventCodec.decode(Array(line.utf8))
        } throws: { error in
            guard case .dataCorrupted(let context) = error as? DecodingError else { return false }
            return context.debugDescription.contains("unknown event type \"teleported\"")
                && context.codingPath.map(\.stringValue) == ["type"]
        }
    }

    /// Canonical bytes (what import compares) are the bytes the log holds.
    @Test func theLogsBytesAreCanonical() {
        var random = SplitMix(seed: 31)
        for _ in 0..<500 {
            let event = RandomEvent.make(&random)
            #expect(EventCodec.canonical(event) == EventCodec.encode(event))
        }
    }
}
