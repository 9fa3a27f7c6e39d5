import FoundationEssentials
import PaceCore
import PaceLog
import PaceTestSupport
import PropertyBased
import Testing

@testable import PaceDaemon

/// The snapshot payload (``StateSnapshot``, ``BinaryStateEncoder``, ``BinaryStateDecoder``): whatever state goes
/// in comes out equal and answers every query the same; anything that is not a whole payload of this version is
/// refused, never turned into a state.
@Suite struct StateSnapshotTests {
    /// Every question the daemon asks of a state, at `now`.
    static func answers(_ state: PaceState, now: Instant, offset: Int) -> String {
        let first = state.days.first?.date ?? CivilDate(year: 2026, month: 1, day: 1)
        return """
            \(state.status(now: now, utcOffsetSeconds: offset))
            \(state.reminders(now: now, utcOffsetSeconds: offset))
            \(state.explanation(now: now, utcOffsetSeconds: offset))
            \(state.history(from: first, through: first.adding(days: 500), now: now, utcOffsetSeconds: offset))
            """
    }

    @Test func randomStatesComeBackEqualAndAnswerEveryQueryTheSame() async throws {
        await propertyCheck(count: 120, input: Gen.uint64()) { seed in
            let history = RandomHistory(seed: seed)
            let state = try history.state
            let decoded = try StateSnapshot.decode(StateSnapshot.encode(Ledger.alone(state))).state
            #expect(decoded == state, "seed \(seed)")
            var random = SplitMix(seed: seed ^ 0x5A5A)
            for _ in 0..<3 {
                let now = history.last.adding(seconds: Int64(random.int(0..<(2 * 86_400))))
                #expect(
                    Self.answers(decoded, now: now, offset: history.offset)
                        == Self.answers(state, now: now, offset: history.offset), "seed \(seed)")
                #expect(
                    decoded.status(now: now, utcOffsetSeconds: history.offset)
                        == state.status(now: now, utcOffsetSeconds: history.offset))
            }
        }
    }

    @Test func aSnapshotPlusTheTailEqualsAFullReplay() async throws {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            let history = RandomHistory(seed: seed)
            let cut = history.events.count / 2
            let early = try PaceState(settings: history.settings, replaying: history.events[..<cut])
            var restored = try StateSnapshot.decode(StateSnapshot.encode(Ledger.alone(early))).state
            for event in history.events[cut...] { try restored.apply(event) }
            #expect(try restored == history.state, "seed \(seed)")
        }
    }

    @Test func theEmptyStateAndAStateWithEverythingRunningRoundTrip() throws {
        let empty = PaceState()
        #expect(try StateSnapshot.decode(StateSnapshot.encode(Ledger.alone(empty))).state == empty)
        var seed: UInt64 = 1
        var running: PaceState
        repeat {
            running = try RandomHistory(seed: seed).state
            seed += 1
        } while running.activity == nil || running.flareMode == nil || running.snooze == nil
        #expect(try StateSnapshot.decode(StateSnapshot.encode(Ledger.alone(running))).state == running)
    }

    @Test func everyTruncationIsRefused() throws {
        let payload = try StateSnapshot.encode(Ledger.alone(RandomHistory(seed: 7).state))
        for length in 0..<payload.count {
            #expect(throws: StateSnapshot.DecodeError.self) {
                try StateSnapshot.decode(Array(payload[..<length])).state
            }
        }
        #expect(throws: StateSnapshot.DecodeError.self) { try StateSnapshot.decode(payload + [0]).state }
    }

    @Test func damagedPayloadsAreRefused() async throws {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var random = SplitMix(seed: seed)
            let payload = try StateSnapshot.encode(Ledger.alone(RandomHistory(seed: seed % 64).state))
            let damaged = Self.damage(payload, &random)
            #expect(throws: StateSnapshot.DecodeError.self, "seed \(seed)") { try StateSnapshot.decode(damaged).state }
        }
    }

    /// The checksum catches damage; behind it, the decoder itself must still refuse bytes it does not
    /// understand without crashing (here the damage comes with a checksum that matches it).
    @Test func damageWithAMatchingChecksumNeverCrashesTheDecoder() async throws {
        let states = try (0..<8).map { try RandomHistory(seed: UInt64($0) * 31).state }
        let payloads = try states.map { try StateSnapshot.encode(Ledger.alone($0)) }
        await propertyCheck(count: 1_500, input: Gen.uint64()) { seed in
            var random = SplitMix(seed: seed)
            let index = random.int(0..<payloads.count)
            var damaged = Array(Self.damage(payloads[index], &random).dropLast(4))
            guard damaged.count >= 12 else { return }
            // This version (the damage may have hit it): what follows is read, not refused by its number.
            damaged.replaceSubrange(8..<10, with: withUnsafeBytes(of: StateSnapshot.version.littleEndian, Array.init))
            damaged += withUnsafeBytes(of: CRC32C.checksum(damaged).littleEndian, Array.init)
            // Refused, or (rarely: a changed number, a changed letter) some valid state; never a crash.
            _ = try? StateSnapshot.decode(damaged).state
        }
    }

    @Test func payloadsOfOtherVersionsAreRefused() throws {
        let state = try RandomHistory(seed: 3).state
        // The snapshots Pace wrote before this format: the state as JSON.
        let json = [UInt8](try JSONEncoder().encode(state))
        #expect(throws: StateSnapshot.DecodeError.self) { try StateSnapshot.decode(json).state }
        var payload = try StateSnapshot.encode(Ledger.alone(state))
        for version: UInt16 in [0, StateSnapshot.version - 1, StateSnapshot.version + 1, 0xFFFF] {
            payload.removeLast(4)
            payload.replaceSubrange(8..<10, with: withUnsafeBytes(of: version.littleEndian, Array.init))
            payload += withUnsafeBytes(of: CRC32C.checksum(payload).littleEndian, Array.init)
            let error = #expect(throws: StateSnapshot.DecodeError.self) { try StateSnapshot.decode(payload).state }
            #expect(error?.description.contains("version \(version)") == true)
        }
        #expect(throws: StateSnapshot.DecodeError.self) { try StateSnapshot.decode([]).state }
    }

    @Test func tenYearsOfDaysTakeUnderTwoFifthsOfTheirJSON() throws {
        var state = PaceState()
        var now = Instant(rfc3339: "2020-01-01T08:00:00Z")!
        for day in 0..<3650 {
            try state.apply(Event(at: now, utcOffsetSeconds: 3600, .checkIn(CheckIn(energy: 5, fatigue: day % 7))))
            try state.apply(
                Event(
                    at: now.adding(seconds: 3600), utcOffsetSeconds: 3600,
                    .activityStarted(.init(activity: "walk", intensity: .moderate, pointsPerMinute: 1.8))))
            try state.apply(Event(at: now.adding(seconds: 5400), utcOffsetSeconds: 3600, .activityStopped))
            now = now.adding(seconds: 86_400)
        }
        let binary = try StateSnapshot.encode(Ledger.alone(state))
        let json = try JSONEncoder().encode(state)
        #expect(binary.count * 5 < json.count * 2, "\(binary.count) bytes against \(json.count) as JSON")
        #expect(try StateSnapshot.decode(binary).state == state)
    }

    /// One random change: bytes flipped, removed, inserted, cut off, or a run overwritten.
    static func damage(_ payload: [UInt8], _ random: inout SplitMix) -> [UInt8] {
        var damaged = payload
        switch random.int(0..<5) {
        case 0:
            for _ in 0..<(1 + random.int(0..<3)) {
                damaged[random.int(0..<damaged.count)] ^= UInt8(1 << random.int(0..<8))
            }
        case 1: damaged.remove(at: random.int(0..<damaged.count))
        case 2: damaged.insert(UInt8(random.int(0..<256)), at: random.int(0..<(damaged.count + 1)))
        case 3: damaged.removeLast(1 + random.int(0..<min(64, damaged.count)))
        default:
            let start = random.int(0..<damaged.count)
            for index in start..<min(damaged.count, start + 1 + random.int(0..<16)) {
                damaged[index] = UInt8(random.int(0..<256))
            }
        }
        return damaged == payload ? Array(payload.dropLast()) : damaged
    }
}
