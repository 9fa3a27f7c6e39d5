import FoundationEssentials
import PaceJSON
import PaceTestSupport
import Testing

@testable import PaceProtocol

/// Calls are read by PaceJSON's reader (scanned once, the envelope read from the scan, the parameters too when the
/// handler asks); Foundation's `JSONDecoder` is the reference. Every call that is JSON must read exactly as the
/// reference reads it — the envelope, and every method's parameters or the error naming the parameter at fault. Text
/// that is not JSON is refused as not a call, also where the reference would let malformed JSON pass inside
/// parameters it never reads.
@Suite struct VarlinkCallReadingTests {
    /// Every parameters type of a method Pace serves, its keys, and how to compare two decodings of it.
    static let methods: [(name: String, keys: [String], compare: @Sendable (VarlinkCall, VarlinkCall) -> Bool)] = [
        (
            PaceAPI.LogActivity.name, ["kind", "startedAt", "durationSeconds", "intensity"],
            same(PaceAPI.LogActivity.Parameters.self)
        ),
        (
            PaceAPI.StartActivity.name, ["kind", "intensity", "startedAt"],
            same(PaceAPI.StartActivity.Parameters.self)
        ),
        (PaceAPI.StopActivity.name, ["endedAt"], same(PaceAPI.StopActivity.Parameters.self)),
        (PaceAPI.StartRest.name, ["plannedSeconds"], same(PaceAPI.StartRest.Parameters.self)),
        (
            PaceAPI.CheckIn.name, ["energy", "fatigue", "pain", "sleep", "stress", "flare", "note"],
            same(PaceAPI.CheckIn.Parameters.self)
        ),
        (PaceAPI.SetFlareMode.name, ["on", "until"], same(PaceAPI.SetFlareMode.Parameters.self)),
        (PaceAPI.Snooze.name, ["durationSeconds"], same(PaceAPI.Snooze.Parameters.self)),
        (PaceAPI.GetHistory.name, ["from", "to", "checkInsAfter"], same(PaceAPI.GetHistory.Parameters.self)),
        (PaceAPI.GetEvents.name, ["from", "to", "after", "limit"], same(PaceAPI.GetEvents.Parameters.self)),
        (PaceAPI.AnswerReminder.name, ["id", "action"], same(PaceAPI.AnswerReminder.Parameters.self)),
        (PaceAPI.AnswerCalibration.name, ["badDayMinutes"], same(PaceAPI.AnswerCalibration.Parameters.self)),
        (PaceAPI.ImportEvents.name, ["events"], same(PaceAPI.ImportEvents.Parameters.self)),
        (PaceAPI.GetStatus.name, [], same(NoParameters.self)),
        (
            VarlinkService.GetInterfaceDescription.name, ["interface"],
            same(VarlinkService.GetInterfaceDescription.Parameters.self)
        ),
    ]

    /// Values a key of that name usually has (JSON texts), some of them refused by the core or the wire.
    static func typical(_ key: String) -> [String] {
        switch key {
        case "kind": return [#""walk""#, #""stretching""#, #""Walk""#]
        case "startedAt", "endedAt", "until": return [#""2026-11-25T10:00:00Z""#, #""yesterday""#]
        case "intensity": return [#""light""#, #""moderate""#, #""vigorous""#, #""hard""#]
        case "flare", "on": return ["true", "false"]
        case "note", "id", "action", "interface": return [#""snooze""#, #""io.pace.Daemon""#, #""café 🧘""#, #""""#]
        case "from", "to": return [#""2026-11-01""#, #""2026-11-25T10:00:00Z""#]
        case "events": return ["[]"]
        default: return ["0", "1", "7", "60", "600", "-5", "86400", "9223372036854775807"]
        }
    }

    /// Compares the parameters (or the error) each call gives as `type`: the call PaceJSON read by their reader
    /// (``JSONReadable``) where it decides, the reference by their `Decodable` conformance.
    static func same<P: Decodable & Equatable & Sendable & JSONReadable>(_ type: P.Type)
        -> @Sendable (VarlinkCall, VarlinkCall) -> Bool
    {
        { fast, reference in
            let a = Result { () throws(VarlinkError) in try fast.parameters(as: P.self) }
            let b = Result { () throws(VarlinkError) in try reference.parameters(as: P.self) }
            return a == b
        }
    }

    /// Keys every parameters type uses, some that none does, and the envelope's own.
    static let keys = [
        "kind", "startedAt", "durationSeconds", "intensity", "endedAt", "plannedSeconds", "energy", "fatigue", "pain",
        "sleep", "stress", "flare", "note", "on", "until", "from", "to", "after", "limit", "id", "action",
        "badDayMinutes", "events", "interface", "Kind", "kınd", "unknown", "", "method", "parameters",
    ]

    /// JSON texts of values, of every type and of tricky spellings (as they appear on the wire).
    static let values = [
        #""walk""#, #""light""#, #""moderate""#, #""vigorous""#, #""Light""#, #""2026-11-25T10:00:00Z""#,
        #""2026-11-25""#, #""stop""#, #""io.pace.Daemon""#, #""""#, #""café 🧘""#, #""a\"b""#, #""a\/b""#,
        #""\u0041""#, "\"tab\there\"", #""e\u0301""#, "0", "-0", "1", "-1", "42", "60", "600", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "99999999999999999999", "1.0", "1.5", "1e2", "1E+2", "-2.5e-3",
        "0.0", "01", "1.", ".5", "+1", "-", "true", "false", "null", "tru", "[]", #"["x"]"#, "{}", #"{"a":1}"#,
        "[{}]", "nul",
    ]

    static let whitespace = ["", "", "", " ", "\n", "\t", " \r\n "]

    static func pick<T>(_ list: [T], _ random: inout SplitMix) -> T {
        list[Int(random.next() % UInt64(list.count))]
    }

    /// A random call: mostly well formed, of every method, with random members, spacing and order.
    static func randomCall(_ random: inout SplitMix) -> (method: Int, text: String) {
        let method = Int(random.next() % UInt64(methods.count))
        func space() -> String { pick(whitespace, &random) }
        var members: [String] = []
        let name =
            random.next() % 20 == 0
            ? pick(["a.b", "io.pace.Daemon.getStatus", #"a.b\u0043"#], &random) : methods[method].name
        members.append("\"method\"\(space()):\(space())\"\(name)\"")
        for flag in ["oneway", "more", "upgrade"] where random.next() % 4 == 0 {
            members.append("\"\(flag)\":\(space())\(pick(["true", "false", "null", "1", #""yes""#], &random))")
        }
        switch random.next() % 10 {
        case 0: break
        case 1: members.append(#""parameters":null"#)
        case 2: members.append("\"parameters\":\(space()){\(space())}")
        case 3: members.append("\"parameters\":\(pick(values, &random))")
        default:
            // Mostly the method's own keys with their usual values, all of them or some; now and then anything.
            var chosen = methods[method].keys.filter { _ in random.next() % 5 != 0 }
            for _ in 0..<Int(random.next() % 3) where random.next() % 3 == 0 { chosen.append(pick(keys, &random)) }
            chosen.shuffle(using: &random)
            var inner: [String] = []
            for key in chosen {
                let value = random.next() % 6 == 0 ? pick(values, &random) : pick(typical(key), &random)
                inner.append("\(space())\"\(key)\"\(space()):\(space())\(value)\(space())")
            }
            members.append("\"parameters\":{\(inner.joined(separator: ","))}")
        }
        if random.next() % 15 == 0 { members.append("\"\(pick(keys, &random))\":\(pick(values, &random))") }
        members.shuffle(using: &random)
        return (method, space() + "{" + space() + members.joined(separator: "," + space()) + space() + "}" + space())
    }

    static func isJSON(_ bytes: [UInt8]) -> Bool { StrictJSON.isValid(bytes) }

    /// Checks that `bytes` read the same through the reader as through the reference, or, if they are not JSON,
    /// that the reader refuses them as not a call.
    static func expectSame(_ bytes: [UInt8], method: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let data = Data(bytes)
        let fast = Result { () throws(VarlinkProtocolError) in try VarlinkCall(decoding: data) }
        let reference = Result { () throws(VarlinkProtocolError) in try VarlinkCall.reference(decoding: data) }
        let text = String(decoding: bytes, as: UTF8.self)
        guard isJSON(bytes) else {
            #expect(
                throws: VarlinkProtocolError.self, "read text that is not JSON: \(text)", sourceLocation: sourceLocation
            ) {
                try fast.get()
            }
            return
        }
        switch (fast, reference) {
        case (.success(let a), .success(let b)):
            #expect(
                a.method == b.method && a.oneway == b.oneway && a.more == b.more && a.upgrade == b.upgrade,
                "envelope differs: \(text)", sourceLocation: sourceLocation)
            #expect(methods[method].compare(a, b), "parameters differ: \(text)", sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            #expect(a == b, "errors differ: \(text)", sourceLocation: sourceLocation)
        default:
            Issue.record("one decoded and the other did not: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func randomCallsReadAsTheReferenceReadsThem() {
        var random = SplitMix(seed: 20)
        var json = 0
        for _ in 0..<4000 {
            let (method, text) = Self.randomCall(&random)
            if Self.isJSON(Array(text.utf8)) { json += 1 }
            Self.expectSame(Array(text.utf8), method: method)
        }
        #expect(json > 2000, "\(json) of 4000 calls are JSON: the generator should make mostly good ones")
    }

    @Test func damagedCallsReadAsTheReferenceReadsThemOrAreRefused() {
        var random = SplitMix(seed: 21)
        for _ in 0..<4000 {
            let (method, text) = Self.randomCall(&random)
            var bytes = Array(text.utf8)
            for _ in 0...Int(random.next() % 3) where !bytes.isEmpty {
                let index = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[index] = Self.pick(Array(#"{}[]":,"\ 0123456789-+.eEtrufalsn"#.utf8), &random)
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(Self.pick(Array(#"{}":,\ 0-.e"#.utf8), &random), at: index)
                default: bytes = Array(bytes[..<index])
                }
            }
            Self.expectSame(bytes, method: method)
        }
    }

    /// What Pace's own client sends (sorted keys) and what other Varlink clients send (spaces, flags, no
    /// parameters, keys in any order) reads to the same parameters.
    @Test func everydayCallsReadToTheirParameters() throws {
        struct Call<P: Encodable>: Encodable {
            var method: String
            var parameters: P
            var more: Bool?
        }
        @discardableResult
        func encoded<M: VarlinkMethod>(_ method: M.Type, _ parameters: M.Parameters, more: Bool? = nil) throws
            -> VarlinkCall where M.Parameters: Equatable
        {
            let bytes = try JSONWriter().encode(Call(method: M.name, parameters: parameters, more: more))
            let call = try VarlinkCall(decoding: Data(bytes))
            #expect(try call.parameters(as: M.Parameters.self) == parameters)
            Self.expectSame(bytes, method: Self.methods.firstIndex { $0.name == M.name } ?? 0)
            return call
        }
        try encoded(
            PaceAPI.LogActivity.self,
            .init(kind: "stretching", startedAt: "2026-11-25T10:00:00Z", durationSeconds: 600, intensity: .light))
        try encoded(PaceAPI.StartActivity.self, .init(kind: "walk", intensity: nil, startedAt: nil))
        try encoded(PaceAPI.StopActivity.self, .init(endedAt: "2026-11-25T10:00:00Z"))
        try encoded(
            PaceAPI.CheckIn.self,
            .init(energy: 3, fatigue: 7, pain: 6, sleep: 4, stress: 5, flare: true, note: "slept badly, café"))
        try encoded(PaceAPI.SetFlareMode.self, .init(on: true, until: "2026-11-26T04:00:00Z"))
        try encoded(PaceAPI.Snooze.self, .init(durationSeconds: 900))
        try encoded(PaceAPI.GetHistory.self, .init(from: "2026-11-01", to: "2026-11-25"))
        try encoded(PaceAPI.GetEvents.self, .init(from: nil, to: nil, after: 1000, limit: 500))
        try encoded(PaceAPI.AnswerReminder.self, .init(id: "2026-11-25/limit/1", action: "snooze"))
        try encoded(PaceAPI.ImportEvents.self, .init(events: [.object(["type": .string("flareEnded")])]))
        let watch = try encoded(PaceAPI.Watch.self, NoParameters(), more: true)
        #expect(watch.more)
        for text in [
            #"{"method":"io.pace.Daemon.GetStatus"}"#,
            #"{ "method": "io.pace.Daemon.GetStatus", "parameters": {} }"#,
            #"{"parameters":{"interface":"io.pace.Daemon"},"method":"org.varlink.service.GetInterfaceDescription"}"#,
            #"{"method":"io.pace.Daemon.EndRest","oneway":true}"#,
            #"{"method":"io.pace.Daemon.CheckIn","parameters":{"note":"a \"quoted\" word"}}"#,
            #"{"method":"io.pace.Daemon.CheckIn","parameters":{"energy":3,"energy":4}}"#,
            #"{"method":"io.pace.Daemon.GetStatus","parameters":{},"extra":[1,2]}"#,
        ] {
            Self.expectSame(Array(text.utf8), method: Self.methods.firstIndex { text.contains("\"\($0.name)\"") } ?? 0)
        }
    }

    /// A call with thousands of parameters is read as any call: a method that takes no such parameters ignores them.
    @Test func callsWithManyParametersReadAsOthers() throws {
        let members = (0..<5_000).map { #""p\#($0)":0"# }.joined(separator: ",")
        let text = #"{"method":"io.pace.Daemon.CheckIn","parameters":{"# + members + #","energy":2}}"#
        let call = try VarlinkCall(decoding: Data(text.utf8))
        #expect(call.method == "io.pace.Daemon.CheckIn")
        #expect(try call.parameters(as: PaceAPI.CheckIn.Parameters.self) == PaceAPI.CheckIn.Parameters(energy: 2))
    }

    /// Malformed JSON is refused as not a call wherever it is, also inside parameters the method never reads (the
    /// reference would let it pass there).
    @Test(arguments: [
        #"{"method":"io.pace.Daemon.GetStatus","parameters":{"x":01}}"#,
        #"{"method":"io.pace.Daemon.GetStatus","parameters":{"x":1.}}"#,
        #"{"method":"io.pace.Daemon.GetStatus","parameters":{"x":"\q"}}"#,
    ])
    func malformedJSONIsNotACall(text: String) {
        #expect((try? VarlinkCall.reference(decoding: Data(text.utf8))) != nil)
        #expect(throws: VarlinkProtocolError.self) { try VarlinkCall(decoding: Data(text.utf8)) }
    }

    /// Method names are checked byte by byte when ASCII; the answer is the character-by-character one.
    @Test func methodNamesAreCheckedAsCharacterByCharacter() {
        var random = SplitMix(seed: 22)
        let pieces = [
            "io", "pace", "Daemon", ".", ".", "GetStatus", "g", "A", "z", "9", "0", "-", "_", " ", "\r\n", "é", "É",
            "\u{301}", "\u{600}", "K", "ａ", "Ⅸ", "",
        ]
        for _ in 0..<5000 {
            let name = (0..<Int(random.next() % 6)).map { _ in Self.pick(pieces, &random) }.joined()
            #expect(
                VarlinkCall.isQualifiedMethodName(name) == VarlinkCall.isQualifiedMethodNameByCharacter(name),
                "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(VarlinkCall.isQualifiedMethodName("io.pace.Daemon.GetStatus"))
        #expect(!VarlinkCall.isQualifiedMethodName("io.pace.Daemon.getStatus"))
    }
}
