import Dispatch
import PaceJSON
import PaceProtocol
import PaceTestSupport
import Synchronization
import Testing

/// The reader's decoders and the writer's encoders are pooled (``CoderPool``), each keeping the containers it made
/// and its scratch space between documents, and replay decodes on two threads at once through them: threads that
/// decode and encode at the same time must each get what one thread alone gets. (Handed one decoder shared by all
/// threads, as a pool without its lock would, this crashes or differs at once.)
@Suite struct JSONConcurrencyTests {
    @Test func threadsReadingAndWritingAtOnceGetWhatOneThreadGets() {
        var random = SplitMix(seed: 24)
        var generated: [[UInt8]] = []
        for index in 0..<400 {
            let value = RandomJSON.value(&random, depth: 4)
            let text = Array(RandomJSON.text(value, &random).utf8)
            generated.append(index % 4 == 3 ? RandomJSON.damaged(text, &random) : text)
        }
        // Typed values too, whose containers are kept by key type and depth.
        for _ in 0..<400 {
            var members: [String] = []
            for key in JSONReaderTests.probeKeys where random.next() % 2 == 0 {
                members.append("\"\(key)\":\(JSONReaderTests.member(key, &random))")
            }
            generated.append(Array(("{" + members.joined(separator: ",") + "}").utf8))
        }
        let texts = generated
        // What one thread gets: each text read as a value and as a probe, and the value written back.
        let values = texts.map { Outcome.reader(JSONValue.self, $0) }
        let probes = texts.map { Outcome.reader(JSONReaderTests.Probe.self, $0) }
        let fields = texts.map(Self.fields)
        let written = values.map { outcome -> [UInt8]? in
            guard case .value(let value) = outcome else { return nil }
            return try? JSONWriter().encode(value)
        }

        let threads = 4
        let mismatches = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var found: [String] = []
            for round in 0..<2 {
                // Each thread starts at its own place, so that at any moment they read different documents.
                for step in 0..<texts.count {
                    let index = (step + thread * texts.count / threads) % texts.count
                    let text = texts[index]
                    let value =
                        round == 1
                        ? Outcome { try JSONDocument(text).decode(JSONValue.self) }
                        : Outcome.reader(JSONValue.self, text)
                    if value != values[index] { found.append("\(index) as a value: \(value) ≠ \(values[index])") }
                    let probe = Outcome.reader(JSONReaderTests.Probe.self, text)
                    if probe != probes[index] { found.append("\(index) as a probe: \(probe) ≠ \(probes[index])") }
                    if Self.fields(text) != fields[index] { found.append("\(index) read by the fast path") }
                    if case .value(let decoded) = value, let expected = written[index],
                        (try? JSONWriter().encode(decoded)) != expected
                    {
                        found.append("\(index) written")
                    }
                }
            }
            mismatches.withLock { $0 += found }
        }
        let found = mismatches.withLock { $0 }
        #expect(found.isEmpty, "\(found.count) differ, first: \(found.prefix(3))")
    }

    /// Some members of the object `text` holds, read by the fast path (``JSONReader/withObject(_:_:)``), which
    /// replay reads most events by.
    static func fields(_ text: [UInt8]) -> String {
        var read = "not read"
        text.withUnsafeBytes { bytes in
            JSONReader().withObject(bytes) { fields in
                let int = fields.optionalInt("int")
                let string = fields.optionalString("string")
                let mode = fields.optionalChoice("mode", among: ["light", "moderate"])
                read = "\(String(describing: int)) \(String(describing: string)) \(String(describing: mode))"
                read += " \(fields.allRead)"
            }
        }
        return read
    }
}
