import PaceTestSupport
import PropertyBased
import Synchronization
import Testing

@testable import PaceCore

/// The daemon works the status and the reminder decision out once a change and shares them until the instant the
/// core says they could read otherwise (`steadyUntil` of ``PaceState/statusAndReminders(now:utcOffsetSeconds:away:)``):
/// at every moment before it they must be exactly what they were, and a running bout or rest, or a reminder due,
/// must not be shared at all.
@Suite struct ReminderSteadinessTests {
    /// Settings that reach every instant the planner names: an evening prompt too, other quiet hours, a shorter gap.
    static func settings(_ random: inout SplitMix) -> PaceSettings {
        var settings = PaceSettings()
        if random.int(0..<2) == 0 {
            settings.reminders.eveningCheckIn = ClockTime(hour: 19 + random.int(0..<3))
            settings.reminders.quietHours = .init(start: ClockTime(hour: 21), end: ClockTime(hour: 7))
            settings.reminders.minimumGapMinutes = 5
        }
        if random.int(0..<4) == 0 { settings.reminders.morningCheckIn = nil }
        // Reminders held: quiet hours over the day's prompts, budget reminders while calibrating.
        if random.int(0..<3) == 0 {
            settings.reminders.quietHours = .init(
                start: ClockTime(hour: 8 + random.int(0..<6)), end: ClockTime(hour: 16))
        }
        if random.int(0..<2) == 0 { settings.reminders.budgetRemindersWhileCalibrating = true }
        return settings
    }

    @Test func statusAndDecisionHoldUntilTheSteadyEnd() async {
        let heldSeen = Mutex(0)
        await propertyCheck(count: 400, input: Gen.uint64()) { seed in
            var random = SplitMix(seed: seed ^ 0x57EAD)
            var (state, last, offset) = MovedOnStateTests.randomState(seed, settings: Self.settings(&random))
            var now = last.adding(seconds: Int64(random.int(0..<(2 * 86_400))))
            // Sometimes a time away to ask about, ending before now; sometimes asked already, and not answered.
            let away =
                random.int(0..<3) == 0
                ? TimeAway(
                    start: now.adding(seconds: -Int64(random.int(1800..<20_000))),
                    end: now.adding(seconds: -Int64(random.int(0..<1800))), kinds: ["walk"]) : nil
            if let away, random.int(0..<2) == 0 {
                try state.apply(
                    Event(
                        at: away.end, utcOffsetSeconds: offset,
                        .reminderShown(.init(reminder: away.reminderID, covers: []))))
            }
            for _ in 0..<6 {
                let first = state.statusAndReminders(now: now, utcOffsetSeconds: offset, away: away)
                guard let until = first.steadyUntil else {
                    // Shared never: something runs or is shown now.
                    #expect(
                        first.status.bout != nil || first.status.rest != nil || !first.reminders.due.isEmpty,
                        "\(seed)")
                    break
                }
                if first.reminders.held != nil { heldSeen.withLock { $0 += 1 } }
                #expect(until > now)
                // Moments up to the last millisecond before the end, the first ones and random ones between.
                let span = until.millisecondsSinceEpoch - now.millisecondsSinceEpoch
                var steps: [Int64] = [1, 999, 60_000, span - 1, span / 2]
                for _ in 0..<12 { steps.append(Int64(random.int(0..<Int(min(span, Int64(Int32.max)))))) }
                for step in steps where step >= 0 && step < span {
                    let later = Instant(millisecondsSinceEpoch: now.millisecondsSinceEpoch + step)
                    let then = state.statusAndReminders(now: later, utcOffsetSeconds: offset, away: away)
                    #expect(then.status == first.status, "\(seed) at +\(step) ms of \(span)")
                    #expect(then.reminders == first.reminders, "\(seed) at +\(step) ms of \(span)")
                }
                // On from the end: the next steady stretch, if there is one.
                now = until
            }
        }
        // Held reminders (quiet hours, the gap, a snooze, the day's limit) were among the steady stretches.
        #expect(heldSeen.withLock { $0 } > 10)
    }

    /// A reminder due and held back by the minimum gap is held by quiet hours once they begin: the steady stretch
    /// ends there, though no wake does.
    @Test func quietHoursBeginningEndTheStretchOfAHeldReminder() {
        var settings = PaceSettings()
        settings.reminders.quietHours = .init(start: ClockTime(hour: 12), end: ClockTime(hour: 16))
        // 11:50 in Berlin: the morning prompt (09:00) is due; a reminder shown at 11:45 holds it by the gap.
        var timeline = Timeline("2026-11-02T10:45:00Z", settings: settings)
        timeline.run(.reminderShown(ReminderID.make(.budget90, "2026-11-02"), covers: []))
        timeline.wait(minutes: 5)
        let first = timeline.state.statusAndReminders(now: timeline.now, utcOffsetSeconds: 3600)
        #expect(first.reminders.held == .minimumGap)
        let noon = Instant(rfc3339: "2026-11-02T11:00:00Z")!
        #expect(first.steadyUntil == noon)
        let quiet = timeline.state.statusAndReminders(now: noon, utcOffsetSeconds: 3600)
        #expect(quiet.reminders.held == .quietHours)
    }

    @Test func aRunningBoutOrRestIsNeverShared() {
        // 16:30 in Berlin: after the morning check-in prompt's six hours, so nothing is due.
        var timeline = Timeline("2026-11-02T15:30:00Z")
        #expect(timeline.state.statusAndReminders(now: timeline.now, utcOffsetSeconds: 3600).steadyUntil != nil)
        timeline.run(.startActivity(activity: "walk", intensity: .moderate))
        timeline.wait(minutes: 1)
        #expect(timeline.state.statusAndReminders(now: timeline.now, utcOffsetSeconds: 3600).steadyUntil == nil)
        timeline.run(.stopActivity)
        timeline.run(.startRest(plannedSeconds: nil))
        #expect(timeline.state.statusAndReminders(now: timeline.now, utcOffsetSeconds: 3600).steadyUntil == nil)
        timeline.run(.endRest)
        #expect(timeline.state.statusAndReminders(now: timeline.now, utcOffsetSeconds: 3600).steadyUntil != nil)
    }
}
