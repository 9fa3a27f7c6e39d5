import PaceCore
import PaceTestSupport
import PropertyBased
import Testing

/// What corrections make of an event does not depend on the order they arrive in: amendments and retractions of a
/// bout, retractions of those corrections, and retractions of retractions, taken in in any order.
@Suite struct CorrectionsPropertyTests {
    static let origin = Instant(millisecondsSinceEpoch: 1_780_000_000_000)

    /// Draws: for each correction, whether it retracts (else amends), which earlier one it targets (0: the bout),
    /// its minutes after the bout, and a length.
    static let corrections = zip(
        Gen<Int>.int(in: 0...3), Gen<Int>.int(in: 0...9), Gen<Int>.int(in: 1...4), Gen<Int>.int(in: 5...60)
    ).array(of: 1...10)

    @Test func theOrderCorrectionsArriveInDoesNotMatter() async {
        await propertyCheck(input: Self.corrections, Gen<UInt64>.uint64()) { drawn, seed in
            var bout = Event(
                at: Self.origin.adding(seconds: 3600), utcOffsetSeconds: 0,
                .activityLogged(
                    .init(
                        activity: "walk", intensity: .moderate, pointsPerMinute: 2, start: Self.origin,
                        durationSeconds: 3600)))
            bout.header.id = EventID(order: 1, tag: 1)
            var made: [Event] = [bout]
            for (index, (kind, target, minutes, length)) in drawn.enumerated() {
                // Retract one of the events made so far (the bout or a correction), or amend the bout.
                let aim = made[min(target, made.count - 1)]
                let at = Self.origin.adding(seconds: 7200 + Int64(minutes) * 60)
                let payload: Event.Payload =
                    kind == 0 || aim.isCorrection
                    ? .retracted(.init(target: aim.header.id!, targetAt: aim.at))
                    : .amended(.init(target: bout.header.id!, targetAt: bout.at, durationSeconds: length * 60))
                var event = Event(at: at, utcOffsetSeconds: 0, payload)
                event.header.id = EventID(order: UInt64(at.millisecondsSinceEpoch) << 16, tag: UInt64(index + 2))
                made.append(event)
            }
            var inOrder = Corrections()
            for event in made.dropFirst() { inOrder.add(event) }
            var random = SplitMix(seed: seed)
            var shuffled = Corrections()
            for event in made.dropFirst().shuffled(using: &random) { shuffled.add(event) }
            #expect(shuffled.effective(bout) == inOrder.effective(bout))
            for event in made.dropFirst() {
                #expect(shuffled.isRetracted(event.header.id!) == inOrder.isRetracted(event.header.id!))
            }
        }
    }
}
