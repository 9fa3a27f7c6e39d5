import PaceJSON
import PaceTestSupport
import Testing

@testable import PaceProtocol

/// The client reads a reply with the envelope's and the parameters' own readers (``JSONReadable``) where they decide
/// and with the `Decodable` conformances where they do not; either way a reply must read as the conformances alone
/// read it: the same parameters and `continues`, or the same error.
@Suite struct ClientReplyReadingTests {
    static func both<Reply: Decodable & JSONReadable & Equatable>(_ type: Reply.Type, _ text: String) -> (
        read: Result<Reply, VarlinkClientError>, continues: Bool?, decoded: Result<Reply, VarlinkClientError>,
        decodedContinues: Bool?
    ) {
        let bytes = Array(text.utf8)
        let read = Result { () throws(VarlinkClientError) in try VarlinkClient.read(bytes, as: type, socketPath: "s") }
        let decoded = Result { () throws(VarlinkClientError) in
            try VarlinkClient.decode(bytes, as: type, socketPath: "s")
        }
        return (
            read.map(\.reply), try? read.get().continues, decoded.map(\.reply), try? decoded.get().continues
        )
    }

    static func expectSame<Reply: Decodable & JSONReadable & Equatable>(
        _ type: Reply.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let outcome = both(type, text)
        #expect(outcome.read == outcome.decoded, "\(text)", sourceLocation: sourceLocation)
        #expect(outcome.continues == outcome.decodedContinues, "\(text)", sourceLocation: sourceLocation)
    }

    /// Random envelopes around random statuses: with and without `continues` (also `null` or not a boolean), an error,
    /// members unknown or written twice, parameters missing, `null` or not an object.
    @Test func repliesReadAsTheConformancesReadThem() throws {
        let values = RandomValueDecoder(seed: 70)
        var random = SplitMix(seed: 71)
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        for _ in 0..<600 {
            let status = String(decoding: try ReferenceJSON.encode(try values.make(PaceAPI.Status.self)), as: UTF8.self)
            var members = [#""parameters":{"status":\#(status)}"#]
            if random.next() % 3 == 0 { members.append(#""continues":\#(pick(["true", "false", "null", "1"]))"#) }
            if random.next() % 8 == 0 {
                members.append(#""error":\#(pick([#""io.pace.Daemon.NoActivity""#, "null", "2"]))"#)
            }
            if random.next() % 10 == 0 { members.append(pick([#""x":1"#, #""continues":true"#, #""parameters":{}"#])) }
            switch random.next() % 12 {
            case 0: members[0] = #""parameters":null"#
            case 1: members[0] = #""parameters":[]"#
            case 2: members.removeFirst()
            default: break
            }
            members.shuffle(using: &random)
            let text = "{" + members.joined(separator: ",") + "}"
            Self.expectSame(PaceAPI.GetStatus.Reply.self, text)
            Self.expectSame(PaceAPI.Watch.Reply.self, text)
            Self.expectSame(NoParameters.self, text)
        }
    }

    @Test func theRepliesPacedSendsReadAsTheValuesSent() throws {
        let values = RandomValueDecoder(seed: 72)
        for continues in [false, true] {
            for _ in 0..<200 {
                let reply = try values.make(PaceAPI.GetStatus.Reply.self)
                let text = Array(VarlinkReply.encode(reply, continues: continues).dropLast())
                let read = try VarlinkClient.read(text, as: PaceAPI.GetStatus.Reply.self, socketPath: "s")
                #expect(read.reply == reply && read.continues == continues)
            }
        }
        Self.expectSame(NoParameters.self, #"{"parameters":{}}"#)
        Self.expectSame(PaceAPI.GetStatus.Reply.self, "[]")
        Self.expectSame(PaceAPI.GetStatus.Reply.self, "{")
    }
}
