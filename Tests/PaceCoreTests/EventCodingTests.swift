import Foundation
import Testing

@testable import PaceCore

/// The JSON of events is the log's storage format: it must round-trip and never change shape.
@Suite struct EventCodingTests {
    static let at = Instant(millisecondsSinceEpoch: 1_764_072_300_000)

    static let everyPayload: [Event.Payload] = [
        .activityStarted(.init(activity: "walk", intensity: .moderate, pointsPerMinute: 1.8)),
        .activityStopped,
        .activityLogged(
            .init(
                activity: "yoga", intensity: .light, pointsPerMinute: 1.0,
                start: Instant(millisecondsSinceEpoch: 1_764_060_000_000), durationSeconds: 1800)),
        .restStarted(.init(plannedSeconds: 900)),
        .restStarted(.init(plannedSeconds: nil)),
        .restEnded,
        .checkIn(CheckIn(energy: 4, fatigue: 6, pain: 5, sleepQuality: 3, stress: 2, flare: false, note: "ok")),
        .checkIn(CheckIn(energy: 7)),
        .flareStarted(.init(until: Instant(millisecondsSinceEpoch: 1_764_158_700_000))),
        .flareStarted(.init(until: nil)),
        .flareEnded,
        .snoozed(
            .init(until: Instant(millisecondsSinceEpoch: 1_764_072_600_000), reminder: ReminderID("bout:1764070000000"))
        ),
        .snoozed(.init(until: Instant(millisecondsSinceEpoch: 1_764_072_600_000), reminder: nil)),
        .reminderShown(
            .init(reminder: ReminderID("budget100:2026-11-25"), covers: [ReminderID("budget90:2026-11-25")])),
        .reminderShown(.init(reminder: ReminderID("checkin-morning:2026-11-25"), covers: [])),
        .reminderActedOn(.init(reminder: ReminderID("bout:1764070000000"), action: .startRest)),
        .calibrationAnswered(.init(badDayMinutes: 20, pointsPerMinute: 1.8)),
        .trialIncreaseRequested,
    ]

    @Test(arguments: everyPayload)
    func everyEventRoundTrips(payload: Event.Payload) throws {
        let event = Event(at: Self.at, utcOffsetSeconds: 3600, payload)
        let data = try JSONEncoder().encode(event)
        #expect(try JSONDecoder().decode(Event.self, from: data) == event)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["type"] as? String == payload.type)
        #expect(object["at"] as? Int64 == 1_764_072_300_000)
        #expect(object["utcOffsetSeconds"] as? Int == 3600)
    }

    @Test func theShapeOfEventsIsFixed() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json(_ payload: Event.Payload) throws -> String {
            String(decoding: try encoder.encode(Event(at: Self.at, utcOffsetSeconds: 3600, payload)), as: UTF8.self)
        }
        #expect(
            try json(Self.everyPayload[0])
                == #"{"activity":"walk","at":1764072300000,"intensity":"moderate","pointsPerMinute":1.8,"#
                + #""type":"activityStarted","utcOffsetSeconds":3600}"#)
        #expect(try json(.activityStopped) == #"{"at":1764072300000,"type":"activityStopped","utcOffsetSeconds":3600}"#)
        #expect(
            try json(.checkIn(CheckIn(energy: 4, flare: true)))
                == #"{"at":1764072300000,"energy":4,"flare":true,"type":"checkIn","utcOffsetSeconds":3600}"#)
        #expect(
            try json(.reminderActedOn(.init(reminder: ReminderID("bout:1"), action: .snooze)))
                == #"{"action":"snooze","at":1764072300000,"reminder":"bout:1","type":"reminderActedOn","utcOffsetSeconds":3600}"#
        )
    }

    @Test func eventsWrittenByHandDecode() throws {
        let line =
            #"{"type":"activityLogged","at":1764072300000,"utcOffsetSeconds":-18000,"activity":"walk","#
            + #""intensity":"vigorous","pointsPerMinute":2.5,"start":1764060000000,"durationSeconds":600}"#
        let event = try JSONDecoder().decode(Event.self, from: Data(line.utf8))
        #expect(event.utcOffsetSeconds == -18_000)
        guard case .activityLogged(let logged) = event.payload else {
            Issue.record("decoded \(event.payload)")
            return
        }
        #expect(logged.intensity == .vigorous)
        #expect(logged.end == Instant(millisecondsSinceEpoch: 1_764_060_600_000))
    }

    @Test func unknownTypesAndMissingFieldsAreErrors() {
        for line in [
            #"{"type":"teleported","at":1,"utcOffsetSeconds":0}"#,
            #"{"type":"activityStarted","at":1,"utcOffsetSeconds":0,"activity":"walk"}"#,
            #"{"type":"checkIn","utcOffsetSeconds":0}"#,
            #"{"type":"activityStarted","at":1,"utcOffsetSeconds":0,"activity":"walk","intensity":"extreme","pointsPerMinute":1}"#,
        ] {
            #expect(throws: DecodingError.self, "\(line)") {
                try JSONDecoder().decode(Event.self, from: Data(line.utf8))
            }
        }
    }

    @Test func instantsAndDatesEncodeAsPlainValues() throws {
        #expect(String(decoding: try JSONEncoder().encode(Self.at), as: UTF8.self) == "1764072300000")
        #expect(
            String(decoding: try JSONEncoder().encode(CivilDate(year: 2026, month: 3, day: 9)), as: UTF8.self)
                == #""2026-03-09""#)
        #expect(String(decoding: try JSONEncoder().encode(ClockTime(hour: 9, minute: 5)), as: UTF8.self) == #""09:05""#)
    }
}
