import Foundation
import PaceTestSupport
import PropertyBased
import Testing

@testable import PaceCore

/// The fast event scanner used for replay must never disagree with the Codable decoder, which is the reference:
/// when it returns an event, `JSONDecoder` returns the same one; when it gives up, the reference decides.
@Suite struct EventFlatJSONTests {
    /// The scanner's answer for `bytes`.
    static func fast(_ bytes: [UInt8]) -> Event? {
        bytes.withUnsafeBytes { Event(flatJSON: $0) }
    }

    /// The reference answer for `bytes`, `nil` where it throws.
    static func reference(_ bytes: [UInt8]) -> Event? {
        try? JSONDecoder().decode(Event.self, from: Data(bytes))
    }

    /// A random event of any type, with optional fields present or not, from `seed`.
    static func randomEvent(_ seed: UInt64) -> Event {
        var random = SplitMix(seed: seed)
        return RandomEvent.make(&random)
    }

    /// Whether `JSONEncoder` writes `event` without a single escape (then the fast path must take it).
    static func needsNoEscape(_ bytes: [UInt8]) -> Bool { !bytes.contains(UInt8(ascii: "\\")) }

    @Test func scannerAgreesWithTheCodableDecoderOnRandomEvents() async {
        await propertyCheck(count: 3000, input: Gen.uint64()) { seed in
            let event = Self.randomEvent(seed)
            let bytes = [UInt8](try! JSONEncoder().encode(event))
            let fast = Self.fast(bytes)
            #expect(Self.reference(bytes) == event, "\(String(decoding: bytes, as: UTF8.self))")
            if let fast { #expect(fast == event, "\(String(decoding: bytes, as: UTF8.self))") }
            if Self.needsNoEscape(bytes) {
                #expect(fast != nil, "the fast path refused \(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    /// Damage and unusual spellings: whatever the scanner accepts, the reference accepts and decodes the same.
    @Test func scannerNeverDisagreesOnDamagedOrRespelledInput() async {
        let pieces = Array(#"{}[]",:0123456789 .eE+-ntfrul\/aé"#.utf8) + [0, 0x0A, 0xFF, 0xC3]
        let fragments = [
            #","extra":1"#, #","note":null"#, #","at":1"#, #" "#, #","type":"flareEnded""#, #","covers":[]"#,
            #","flare":true"#, #","energy":1.0"#, #","pointsPerMinute":1e2"#, #","until":-0"#,
        ].map { Array($0.utf8) }
        await propertyCheck(count: 4000, input: Gen.uint64()) { seed in
            var random = SplitMix(seed: seed ^ 0x5EED)
            var bytes = [UInt8](try! JSONEncoder().encode(Self.randomEvent(seed)))
            for _ in 0..<(1 + random.int(0..<3)) {
                let at = random.int(0..<(bytes.count + 1))
                switch random.int(0..<6) {
                case 0 where at < bytes.count: bytes[at] = pieces[random.int(0..<pieces.count)]
                case 1 where at < bytes.count: bytes.remove(at: at)
                case 2: bytes.insert(pieces[random.int(0..<pieces.count)], at: at)
                case 3: bytes.removeSubrange(at...)
                case 4 where bytes.count > 1:
                    bytes.insert(contentsOf: fragments[random.int(0..<fragments.count)], at: bytes.count - 1)
                default:
                    // Whitespace after a structural character.
                    if let index = bytes.indices.filter({ ",:{[".utf8.contains(bytes[$0]) }).randomElement(
                        using: &random)
                    {
                        bytes.insert(contentsOf: Array(" \n\t ".utf8), at: index + 1)
                    }
                }
            }
            if let fast = Self.fast(bytes) {
                #expect(Self.reference(bytes) == fast, "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    @Test(arguments: EventCodingTests.everyPayload)
    func everyEventTypeTakesTheFastPath(payload: Event.Payload) throws {
        let event = Event(at: EventCodingTests.at, utcOffsetSeconds: 3600, payload)
        let encoder = JSONEncoder()
        #expect(Self.fast([UInt8](try encoder.encode(event))) == event)
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        #expect(Self.fast([UInt8](try encoder.encode(event))) == event)
    }

    @Test func unusualShapesAreLeftToTheReference() {
        let unusual = [
            #"{"type":"restStarted","at":1,"utcOffsetSeconds":0,"plannedSeconds":null}"#,
            #"{"type":"checkIn","at":1,"utcOffsetSeconds":0,"note":"a\nb"}"#,
            #"{"type":"activityStopped","at":1,"utcOffsetSeconds":0,"futureKey":true}"#,
            #"{"type":"activityStopped","at":1,"at":2,"utcOffsetSeconds":0}"#,
            #"{"type":"activityStopped","at":1.0,"utcOffsetSeconds":0}"#,
            #"{"type":"activityStopped","at":01,"utcOffsetSeconds":0}"#,
            #"{"type":"activityStopped","at":1,"utcOffsetSeconds":0} x"#,
            #"{"type":"activityStopped","at":99999999999999999999,"utcOffsetSeconds":0}"#,
            #"{"type":"somethingNew","at":1,"utcOffsetSeconds":0}"#,
            #"{"type":"activityStarted","at":1,"utcOffsetSeconds":0,"activity":"walk","intensity":"hard","pointsPerMinute":1}"#,
            #"{"type":"activityStarted","at":1,"utcOffsetSeconds":0,"activity":"walk","intensity":"light","pointsPerMinute":1e999}"#,
            #"[1]"#, "", "{",
        ]
        for text in unusual { #expect(Self.fast(Array(text.utf8)) == nil, "\(text)") }
        // A lone `-0`, whitespace everywhere and any key order are still the common shape.
        let spaced = #" { "utcOffsetSeconds" : -0 , "at" : 5 , "type" : "flareEnded" } "#
        #expect(
            Self.fast(Array(spaced.utf8))
                == Event(at: Instant(millisecondsSinceEpoch: 5), utcOffsetSeconds: 0, .flareEnded))
        #expect(Self.reference(Array(spaced.utf8)) == Self.fast(Array(spaced.utf8)))
    }
}
