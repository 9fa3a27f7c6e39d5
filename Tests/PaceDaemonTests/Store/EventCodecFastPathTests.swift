import Foundation
import PaceCore
import PaceJSON
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
        var event: Event?
        bytes.withUnsafeBytes { bytes in JSONReader().withObject(bytes) { event = EventCodec.fastEvent(&$0) } }
        return event
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
