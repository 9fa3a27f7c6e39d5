import Foundation
import PaceCore
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// Events are written to the log by ``CompactJSONEncoder``: the bytes must be exactly those of Foundation's
/// `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`, and read back as the same event by the replay's
/// fast scan and by `JSONDecoder`, for every kind of event.
@Suite struct EventCodecTests {
    static let texts = [
        "walk", "café with Ana", "", "a \"quoted\" word", #"back\slash"#, "slept 5/10", "tab\there", "line\nbreak",
        "nul\u{0}", "🧘 stretching", "\u{2028}sep", "bout:1764072300000", "e\u{301}",
    ]

    /// A random event of any type, with optional fields present or not.
    static func randomEvent(_ random: inout SplitMix) -> Event {
        func text() -> String { texts[random.int(texts.count)] }
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { random.int(3) == 0 ? nil : value() }
        func int() -> Int {
            [0, 1, -1, 7, 3600, -18_000, 86_400, Int.max, Int.min, random.int(2_000_000)][random.int(10)]
        }
        func instant() -> Instant {
            Instant(millisecondsSinceEpoch: [0, -1, 1_764_072_300_000, Int64.max, Int64.min][random.int(5)])
        }
        func double() -> Double {
            [1.8, 0, -0.0, 0.1, 1e-7, 2.04, 1e21, 1.7999999999999998, .leastNonzeroMagnitude, 1.7976931348623157e308][
                random.int(10)] + Double(random.int(4)) / 8
        }
        let intensity = PaceCore.Intensity.allCases[random.int(3)]
        let payload: Event.Payload
        switch random.int(13) {
        case 0: payload = .activityStarted(.init(activity: text(), intensity: intensity, pointsPerMinute: double()))
        case 1: payload = .activityStopped
        case 2:
            payload = .activityLogged(
                .init(
                    activity: text(), intensity: intensity, pointsPerMinute: double(), start: instant(),
                    durationSeconds: int()))
        case 3: payload = .restStarted(plannedSeconds: maybe(int()))
        case 4: payload = .restEnded
        case 5:
            payload = .checkIn(
                CheckIn(
                    energy: maybe(int()), fatigue: maybe(int()), pain: maybe(int()), sleepQuality: maybe(int()),
                    stress: maybe(int()), flare: maybe(random.int(2) == 0), note: maybe(text())))
        case 6: payload = .flareStarted(until: maybe(instant()))
        case 7: payload = .flareEnded
        case 8: payload = .snoozed(until: instant(), reminder: maybe(ReminderID(text())))
        case 9:
            payload = .reminderShown(ReminderID(text()), covers: (0..<random.int(4)).map { _ in ReminderID(text()) })
        case 10:
            payload = .reminderActedOn(
                ReminderID(text()), action: ReminderAction.allCases[random.int(ReminderAction.allCases.count)])
        case 11: payload = .calibrationAnswered(badDayMinutes: int(), pointsPerMinute: double())
        default: payload = .trialIncreaseRequested
        }
        return Event(at: instant(), utcOffsetSeconds: int(), payload)
    }

    @Test func eventsAreWrittenAsJSONEncoderWritesThemAndReadBackTheSame() throws {
        let reference = JSONEncoder()
        reference.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var random = SplitMix(seed: 30)
        var scanned = 0
        for _ in 0..<3000 {
            let event = Self.randomEvent(&random)
            let bytes = EventCodec.encode(event)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text == String(decoding: try reference.encode(event), as: UTF8.self))
            #expect(try JSONDecoder().decode(Event.self, from: Data(bytes)) == event, "\(text)")
            #expect(try EventCodec.decode(bytes) == event, "\(text)")
            if let fast = bytes.withUnsafeBytes({ Event(flatJSON: $0) }) {
                #expect(fast == event, "\(text)")
                scanned += 1
            } else {
                // Only an escape sends an event to the reference decoder at replay.
                #expect(bytes.contains(UInt8(ascii: "\\")), "the replay's fast scan refused \(text)")
            }
        }
        #expect(scanned > 1000)
    }

    /// Canonical bytes (what import compares) are now the bytes the log holds, up to escaped slashes.
    @Test func theLogsBytesAreCanonical() {
        var random = SplitMix(seed: 31)
        for _ in 0..<500 {
            let event = Self.randomEvent(&random)
            let canonical = String(decoding: EventCodec.canonical(event), as: UTF8.self)
            let written = String(decoding: EventCodec.encode(event), as: UTF8.self)
            #expect(canonical.replacingOccurrences(of: #"\/"#, with: "/") == written)
        }
    }
}

extension SplitMix {
    mutating func int(_ count: Int) -> Int { int(0..<count) }
}
