import Foundation
import PaceCore
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// Events are written to the log by ``CompactJSONEncoder``: the bytes must be exactly those of Foundation's
/// `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`, and read back as the same event by the replay's
/// fast scan and by `JSONDecoder`, for every kind of event.
@Suite struct EventCodecTests {
    @Test func eventsAreWrittenAsJSONEncoderWritesThemAndReadBackTheSame() throws {
        let reference = JSONEncoder()
        reference.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var random = SplitMix(seed: 30)
        var scanned = 0
        for _ in 0..<3000 {
            let event = RandomEvent.make(&random)
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
            let event = RandomEvent.make(&random)
            let canonical = String(decoding: EventCodec.canonical(event), as: UTF8.self)
            let written = String(decoding: EventCodec.encode(event), as: UTF8.self)
            #expect(canonical.replacingOccurrences(of: #"\/"#, with: "/") == written)
        }
    }
}
