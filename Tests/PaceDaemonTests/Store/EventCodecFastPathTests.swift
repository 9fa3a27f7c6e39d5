import Foundation
import PaceCore
import PaceJSON
import PaceProtocol
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// The fast path of the event codec (`EventCodec+FastPath.swift`) is generated from the events' `Codable`
/// definitions (``EventFastPathSource``): the file must be what they make now, it must read and write every event
/// the log holds, and what it reads must be what the `Codable` conformance reads.
///
/// When the definitions change, `make schema` (or `PACE_WRITE_SCHEMA=1 swift test --filter EventCodecFastPathTests`)
/// rewrites it; otherwise the first test fails and shows the difference.
@Suite struct EventCodecFastPathTests {
    /// What the fast path reads from `bytes`, `nil` where it leaves the decision to the `Codable` reader.
    static func fast(_ bytes: [UInt8]) -> Event? {
        bytes.withUnsafeBytes { EventCodec.fastEvent($0) }
    }

    @Test func everyEventIsReadAndWrittenByTheFastPath() throws {
        var random = SplitMix(seed: 40)
        let events = EventCodecTests.goldenEvents + (0..<3000).map { _ in RandomEvent.make(&random) }
        for event in events {
            let text = try #require(EventCodec.fastText(of: event), "\(event)")
            #expect(text == (try ReferenceJSON.encode(event)), "\(String(decoding: text, as: UTF8.self))")
            #expect(Self.fast(text) == event, "\(String(decoding: text, as: UTF8.self))")
        }
    }

    @Test func theFastPathLeavesAnInfiniteNumberToTheCodableWriter() {
        let event = Event(
            at: Instant(millisecondsSinceEpoch: 0), utcOffsetSeconds: 0,
            .calibrationAnswered(.init(badDayMinutes: 20, pointsPerMinute: .infinity)))
        #expect(EventCodec.fastText(of: event) == nil)
    }

    /// Damage and unusual spellings: whatever the fast path reads is what `JSONDecoder` reads.
    @Test func whatTheFastPathReadsFromDamagedTextIsWhatTheReferenceReads() {
        var random = SplitMix(seed: 41)
        var read = 0
        for _ in 0..<4000 {
            let bytes = DamagedEvent.make(&random)
            guard let fast = Self.fast(bytes) else { continue }
            read += 1
            let reference = try? JSONDecoder().decode(Event.self, from: Data(bytes))
            #expect(fast == reference, "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(read > 100, "the damage should leave some events to the fast path")
    }

    /// The members of `event`'s text, each as `"key":value`, in the order they are written.
    static func members(_ event: Event) throws -> [String] {
        let value = try #require(EventCodec.value(EventCodec.encode(event)))
        guard case .object(let members) = value else {
            Issue.record("not an object: \(value)")
            return []
        }
        return try members.keys.sorted().map { key in
            "\"\(key)\":" + String(decoding: try ReferenceJSON.encode(members[key]!), as: UTF8.self)
        }
    }

    /// The same members in any order, with any whitespace JSON allows between them: the one-pass reader takes each
    /// key wherever it is (the type too, which it reads last of all in the log's own order).
    @Test func keysAreReadInAnyOrderWithAnySpacing() throws {
        var random = SplitMix(seed: 42)
        let spaces = ["", "", " ", "\n", "\t", " \r\n "]
        for event in EventCodecTests.goldenEvents + (0..<1000).map({ _ in RandomEvent.make(&random) }) {
            var members = try Self.members(event)
            for index in members.indices.reversed() { members.swapAt(index, random.int(0..<(index + 1))) }
            func space() -> String { spaces[random.int(0..<spaces.count)] }
            let text = space() + "{" + members.map { space() + $0 + space() }.joined(separator: ",") + "}" + space()
            #expect(Self.fast(Array(text.utf8)) == event, "\(text)")
        }
    }

    /// A key twice, a key no event has, a key of another event type, a key spelled with an escape: the reader
    /// gives up, and the `Codable` reader decides, as for any text the reader does not take.
    @Test func keysTheReaderDoesNotTakeAreLeftToTheCodableReader() throws {
        for event in EventCodecTests.goldenEvents {
            let members = try Self.members(event)
            let bare = "{" + members.joined(separator: ",")
            var texts = [
                bare + "," + members[0] + "}", bare + "," + members[members.count - 1] + "}", bare + #","extra":1}"#,
                bare + #","":1}"#,
                "{"
                    + members.map { $0.replacingOccurrences(of: #""at":"#, with: #""\u0061t":"#) }
                    .joined(separator: ",") + "}",
            ]
            // A key another event type has.
            let type = members.first { $0.hasPrefix(#""type":"#) } ?? ""
            if !type.contains("flareStarted") && !type.contains("snoozed") { texts.append(bare + #","until":1}"#) }
            if !type.contains("reminderShown") { texts.append(bare + #","covers":[]}"#) }
            for text in texts {
                let bytes = Array(text.utf8)
                #expect(Self.fast(bytes) == nil, "\(text)")
                #expect(
                    (try? EventCodec.decode(bytes)) == (try? JSONDecoder().decode(Event.self, from: Data(bytes))),
                    "\(text)")
            }
        }
    }

    /// Strings with escapes are decoded as the reference decodes them; `null` is absent for an optional member and
    /// left to the reference for a required one.
    @Test func escapesAndNullsReadAsTheReferenceReadsThem() throws {
        let texts = [
            #"{"at":1,"note":"a \"quoted\" \\ \/ \b\f\n\r\t \u00e9 \ud83e\uddd8","type":"checkIn","utcOffsetSeconds":0}"#,
            #"{"activity":"w\u0061lk","at":1,"intensity":"light","pointsPerMinute":2,"type":"activityStarted","utcOffsetSeconds":0}"#,
            #"{"activity":"café 🧘","at":1,"intensity":"light","pointsPerMinute":2.5e0,"type":"activityStarted","utcOffsetSeconds":0}"#,
            #"{"at":1,"device":null,"id":null,"plannedSeconds":null,"recordedAt":null,"source":null,"type":"restStarted","utcOffsetSeconds":0}"#,
            #"{"at":1.0,"type":"restEnded","utcOffsetSeconds":-0}"#,
        ]
        for text in texts {
            let bytes = Array(text.utf8)
            let fast = try #require(Self.fast(bytes), "\(text)")
            #expect(fast == (try JSONDecoder().decode(Event.self, from: Data(bytes))), "\(text)")
        }
        for text in [
            #"{"at":null,"type":"restEnded","utcOffsetSeconds":0}"#, #"{"at":1,"type":null,"utcOffsetSeconds":0}"#,
            #"{"at":1,"type":"rest\u0045nded","utcOffsetSeconds":0}"#, #"{"at":1,"utcOffsetSeconds":0}"#,
            #"{"at":1,"note":"\ud83e","type":"checkIn","utcOffsetSeconds":0}"#,
            #"{"at":1,"note":"\x","type":"checkIn","utcOffsetSeconds":0}"#,
        ] {
            let bytes = Array(text.utf8)
            #expect(Self.fast(bytes) == nil, "\(text)")
            #expect(
                (try? EventCodec.decode(bytes)) == (try? JSONDecoder().decode(Event.self, from: Data(bytes))), "\(text)"
            )
        }
    }

    static let path = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Sources/PaceDaemon/Store/EventCodec+FastPath.swift")

    @Test func theFastPathIsTheOneTheDefinitionsMake() throws {
        let generated = try EventFastPathSource.source()
        if ProcessInfo.processInfo.environment["PACE_WRITE_SCHEMA"] == "1" {
            try generated.write(to: Self.path, atomically: true, encoding: .utf8)
            return
        }
        let written = (try? String(contentsOf: Self.path, encoding: .utf8)) ?? ""
        let (old, new) = (written.split(separator: "\n"), generated.split(separator: "\n"))
        let difference = old.difference(from: new).map { change in
            switch change {
            case .insert(let offset, let line, _): "line \(offset + 1) is now: \(line)"
            case .remove(let offset, let line, _): "line \(offset + 1) should be: \(line)"
            }
        }
        #expect(
            written == generated,
            "EventCodec+FastPath.swift differs from what the definitions make; run `make schema`:\n\(difference.joined(separator: "\n"))"
        )
    }
}
