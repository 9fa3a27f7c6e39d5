import FoundationEssentials
import PaceJSON
import PaceTestSupport
import Testing

@testable import PaceProtocol

/// The wire's bytes are those of Foundation's `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`, as they
/// always were: the generated types, written by their generated fast path or by PaceJSON's `Encodable` writer,
/// inside a reply's envelope or not, must give exactly them.
@Suite struct WireEncodingTests {
    static func reference(_ value: some Encodable) throws -> [UInt8] { try ReferenceJSON.encode(value) }

    static func expectSame(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(
            String(decoding: try JSONWriter().encode(value), as: UTF8.self)
                == String(decoding: try reference(value), as: UTF8.self),
            sourceLocation: sourceLocation)
    }

    static let strings = [
        "", "walk", "a \"quoted\" word", #"back\slash"#, "s/l/ash", "tab\tnew\nline\r", "\u{0}\u{1F}", "café",
        "🧘", "2026-11-25T13:05:00Z",
    ]
    static let doubles: [Double] = [0, -0.0, 1, 1.8, 119.02, 0.1 + 0.2, 1e-7, 1e21, 1e16, 123_456.789, -42.5]

    /// A random activity with every optional part present or not.
    static func activity(_ random: inout SplitMix) -> PaceAPI.Activity {
        func text() -> String { strings[random.int(0..<strings.count)] }
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { random.int(0..<2) == 0 ? nil : value() }
        return PaceAPI.Activity(
            kind: text(), label: text(), intensity: PaceAPI.Intensity.allCases[random.int(0..<3)], startedAt: text(),
            endedAt: maybe(text()), durationSeconds: random.int(0..<10_000),
            points: doubles[random.int(0..<doubles.count)], limitAt: maybe(text()))
    }

    /// A random status with every optional part present or not.
    static func status(_ random: inout SplitMix) -> PaceAPI.Status {
        func text() -> String { strings[random.int(0..<strings.count)] }
        func number() -> Double { doubles[random.int(0..<doubles.count)] }
        func maybe<T>(_ value: @autoclosure () -> T) -> T? { random.int(0..<2) == 0 ? nil : value() }
        let activity = activity(&random)
        let rest = PaceAPI.Rest(
            startedAt: text(), plannedSeconds: maybe(random.int(0..<7200)), elapsedSeconds: random.int(0..<100_000),
            enoughAt: maybe(text()))
        return PaceAPI.Status(
            version: text(), pid: Int(truncatingIfNeeded: random.next()), startedAt: text(), now: text(),
            pacingDay: "2026-11-25", dayStartHour: random.int(0..<24), stateDirectory: text(),
            mode: PaceAPI.Mode.allCases[random.int(0..<3)], provisional: random.int(0..<2) == 0,
            calibrationDaysRecorded: random.int(0..<8), calibrationDaysNeeded: 7, base: number(), budget: number(),
            used: number(), left: number(), over: number(), referenceActivity: text(), referenceLabel: text(),
            leftMinutes: Int(truncatingIfNeeded: random.next()) >> random.int(0..<64), activity: maybe(activity),
            rest: maybe(rest), snoozedUntil: maybe(text()), flareUntil: maybe(text()), nextReminderAt: maybe(text()))
    }

    /// A reply's envelope, as the reference writes it.
    struct Envelope<Parameters: Encodable>: Encodable {
        var parameters: Parameters
        var continues: Bool?
    }

    @Test func repliesAreWrittenAsTheReferenceWritesThem() throws {
        var random = SplitMix(seed: 11)
        for _ in 0..<300 {
            let status = Self.status(&random)
            let activity = Self.activity(&random)
            try Self.expectSame(PaceAPI.GetStatus.Reply(status: status))
            try Self.expectSame(PaceAPI.ActivityReply(activity: activity, status: status))
            try Self.expectSame(PaceAPI.Watch.Reply(status: status, reminder: nil))
            // Inside the envelope, as replies are sent, with and without `continues`.
            let reply = PaceAPI.ActivityReply(activity: activity, status: status)
            let streamed = try Self.reference(Envelope(parameters: reply, continues: true))
            #expect(VarlinkReply.encode(reply, continues: true) == streamed + [0])
            #expect(VarlinkReply.encode(reply) == (try Self.reference(Envelope(parameters: reply))) + [0])
            // Infinities and NaN are refused, as JSONEncoder refuses them.
            var broken = status
            broken.used = [Double.infinity, -.infinity, .nan][random.int(0..<3)]
            #expect(throws: EncodingError.self) { try JSONWriter().encode(PaceAPI.GetStatus.Reply(status: broken)) }
        }
    }

    @Test func everyOtherReplyShapeIsWrittenAsTheReferenceWritesIt() throws {
        let day = PaceAPI.Day(
            date: "2026-11-25", mode: .flare, provisional: false, budget: 55.5, used: 12, activeMinutes: 30,
            checkIns: [PaceAPI.CheckInRecord(energy: 4, sleep: 7, note: "slept 5/10"), PaceAPI.CheckInRecord()],
            flare: true, flareReported: true,
            baseChange: PaceAPI.BaseChange(date: "2026-11-24", from: 100, to: 95, reason: "cutAfterFlareInsideBudget"),
            recorded: true, today: false)
        try Self.expectSame(PaceAPI.GetHistory.Reply(days: [day, day]))
        try Self.expectSame(
            PaceAPI.GetHistory.Reply(days: [day], next: PaceAPI.HistoryCursor(from: "2026-11-25", checkInsAfter: 2)))
        try Self.expectSame(
            PaceAPI.ImportEvents.Reply(
                imported: 3, skipped: 1,
                status: {
                    var random = SplitMix(seed: 3)
                    return Self.status(&random)
                }()))
        try Self.expectSame(
            PaceAPI.GetEvents.Reply(
                events: [
                    .object(["type": .string("flareEnded"), "at": .integer(1), "x": .array([.null, .bool(true)])])
                ],
                next: 1000))
        try Self.expectSame(
            PaceAPI.GetHealth.Reply(
                health: PaceAPI.Health(
                    log: PaceAPI.LogHealth(
                        directory: "/d", segments: 2, records: 7, unreadableEvents: 0, problems: ["a/b"],
                        appendRefusal: nil, lastAppendError: "disk full", commits: 5, committedRecords: 9),
                    configFile: nil,
                    desktop: PaceAPI.DesktopHealth(
                        sessionBus: true, systemBus: false, notificationServer: "dunst", actions: true,
                        doNotDisturb: false, locked: false))))
        try Self.expectSame(VarlinkService.GetInfo.Reply.current)
        try Self.expectSame(PaceAPI.CheckIn.Parameters(energy: 3, flare: false))
        for error in [
            VarlinkError.invalidParameter("from"), VarlinkError(PaceAPI.InvalidEvent(index: 2, reason: "no /time")),
            VarlinkError(PaceAPI.ActivityAlreadyRunning(kind: "walk", startedAt: "s", message: "m")),
        ] {
            #expect(
                VarlinkReply.encode(error)
                    == (try Self.reference(ErrorEnvelope(error: error.name, parameters: error.parameters))) + [0])
        }
    }

    /// Every method's parameters and reply, made up at random: the generated fast path writes what the reference
    /// writes, and so do replies sent whole.
    @Test func everyGeneratedTypeWritesItselfAsTheReferenceWritesIt() throws {
        for method in PaceAPI.methods + VarlinkService.methods { try Self.check(method) }
    }

    static func check<Method: VarlinkMethod>(_: Method.Type) throws {
        let random = RandomValueDecoder(seed: 12)
        for _ in 0..<200 {
            for value in [try random.make(Method.Parameters.self) as any Encodable, try random.make(Method.Reply.self)]
            {
                let writable = try #require(value as? any JSONWritable, "\(type(of: value)) does not write itself")
                let written = JSONOutput.text(of: writable)
                let text = try #require(written)
                #expect(String(decoding: text, as: UTF8.self) == String(decoding: try reference(value), as: UTF8.self))
            }
            let reply = try random.make(Method.Reply.self)
            #expect(VarlinkReply.encode(reply) == (try Self.reference(Envelope(parameters: reply))) + [0])
            let streamed = try Self.reference(Envelope(parameters: reply, continues: true))
            #expect(VarlinkReply.encode(reply, continues: true) == streamed + [0])
        }
    }

    @Test func aNumberJSONCannotWriteLeavesTheReplyToTheEncodableWriter() {
        var random = SplitMix(seed: 13)
        var status = Self.status(&random)
        status.budget = .nan
        #expect(JSONOutput.text(of: status) == nil)
        // The reply still goes out: the `Encodable` path refuses the number, and the reply says so.
        let reply = String(decoding: VarlinkReply.encode(PaceAPI.GetStatus.Reply(status: status)), as: UTF8.self)
        #expect(reply.contains("org.varlink.service.InvalidParameter"))
    }

    struct ErrorEnvelope: Encodable {
        var error: String
        var parameters: [String: JSONValue]
    }
}
