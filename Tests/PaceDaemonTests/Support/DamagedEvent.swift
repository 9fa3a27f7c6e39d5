import PaceCore
import PaceTestSupport

@testable import PaceDaemon

/// Encoded events damaged at random, for the property tests of reading: bytes changed, removed, inserted or cut
/// off, and members added before the closing brace (unknown, repeated, `null`, numbers spelled otherwise).
enum DamagedEvent {
    static let pieces = Array(#"{}[]",:0123456789 .eE+-ntfrul\/aé"#.utf8) + [0x0A, 0xFF, 0xC3]
    static let fragments = [
        #","extra":1"#, #","note":null"#, #","at":1"#, #" "#, #","type":"flareEnded""#, #","covers":[]"#,
        #","covers":null"#, #","flare":true"#, #","energy":1.0"#, #","pointsPerMinute":1e2"#, #","until":-0"#,
        #","type":"party""#, #","reminder":null"#, #","plannedSeconds":null"#, #","K":1"#,
    ].map { Array($0.utf8) }

    /// A random event's bytes, damaged one to three times.
    static func make(_ random: inout SplitMix) -> [UInt8] {
        var bytes = EventCodec.encode(RandomEvent.make(&random))
        for _ in 0..<(1 + random.int(0..<3)) {
            let at = random.int(0..<(bytes.count + 1))
            switch random.int(0..<5) {
            case 0 where at < bytes.count: bytes[at] = pieces[random.int(0..<pieces.count)]
            case 1 where at < bytes.count: bytes.remove(at: at)
            case 2: bytes.insert(pieces[random.int(0..<pieces.count)], at: at)
            case 3: bytes.removeSubrange(at...)
            default:
                if bytes.count > 1 {
                    bytes.insert(contentsOf: fragments[random.int(0..<fragments.count)], at: bytes.count - 1)
                }
            }
        }
        return bytes
    }
}
