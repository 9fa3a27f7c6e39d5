import Foundation
import Glibc
import PropertyBased
import Testing

@testable import PaceCore

/// RMSSD and resting rate from RR intervals, the artefact filter, and the baseline with its rebaseline.
@Suite struct MorningReadingTests {
    // MARK: - Hand-computed cases

    /// 1024, 1034, 1024, 1034: three differences of 10 units = 9.765625 ms each, so RMSSD is 9.765625 ms.
    @Test func alternatingIntervalsGiveTheirDifference() {
        let rmssd = MorningHeartRate.rmssd(rrUnits: [1024, 1034, 1024, 1034], minimumDifferences: 3)
        #expect(rmssd == 9.765625)
    }

    /// 1000, 1010, 1030: differences 10 and 20 units (9.765625 and 19.53125 ms); mean square 238.418…; RMSSD
    /// √238.4185791015625 = 15.4408…
    @Test func unequalDifferences() throws {
        let rmssd = try #require(MorningHeartRate.rmssd(rrUnits: [1000, 1010, 1030], minimumDifferences: 2))
        let expected = ((9.765625 * 9.765625 + 19.53125 * 19.53125) / 2).squareRoot()
        #expect(abs(rmssd - expected) < 1e-12)
        #expect(abs(rmssd - 15.4408) < 1e-4)
    }

    /// A steady heart has no variability: RMSSD 0, and 60 bpm at 1024 units a beat.
    @Test func aSteadyHeartHasZeroRMSSD() {
        let steady = [Int](repeating: 1024, count: 200)
        #expect(MorningHeartRate.rmssd(rrUnits: steady) == 0)
        #expect(MorningHeartRate.restingRate(rrUnits: steady) == 60)
        #expect(
            MorningHeartRate.reading(rrUnits: steady)
                == MorningValues(restingBeatsPerMinute: 60, rmssdMilliseconds: 0, beats: 200))
    }

    /// A missed beat (an interval doubled) and an ectopic beat are left out, not counted as variability: the
    /// differences into and out of them exceed 20 %.
    @Test func artefactsAreLeftOut() {
        let clean: [Int] = [1000, 1010, 1000, 1010, 1000]
        let withMissedBeat: [Int] = [1000, 1010, 2010, 1000, 1010, 1000]
        let cleanRMSSD = MorningHeartRate.rmssd(rrUnits: clean, minimumDifferences: 1)
        // Of the missed beat's: 1000→1010 and 1000→1010→1000 stay; 1010→2010 and 2010→1000 go.
        #expect(MorningHeartRate.rmssd(rrUnits: withMissedBeat, minimumDifferences: 1) == cleanRMSSD)
        #expect(!MorningHeartRate.usable(1000, 1201))
        #expect(MorningHeartRate.usable(1000, 1200))
        #expect(!MorningHeartRate.usable(0, 10))
        #expect(!MorningHeartRate.usable(61_440, 61_440))
    }

    /// Too few usable differences is no reading: two minutes at rest are needed.
    @Test func tooFewIntervalsAreNoReading() {
        #expect(MorningHeartRate.rmssd(rrUnits: []) == nil)
        #expect(MorningHeartRate.rmssd(rrUnits: [1024]) == nil)
        #expect(MorningHeartRate.reading(rrUnits: [Int](repeating: 1024, count: 120)) == nil)
        #expect(MorningHeartRate.reading(rrUnits: [Int](repeating: 1024, count: 121)) != nil)
        #expect(MorningHeartRate.reading(rrUnits: [Int](repeating: 30_000, count: 500)) == nil)
    }

    /// 75 bpm is 819.2 units a beat: intervals of 819 and 820 alternating average 819.5, 74.97 → 75.
    @Test func restingRateIsSixtySecondsOverTheMeanInterval() {
        #expect(MorningHeartRate.restingRate(rrUnits: [819, 820, 819, 820]) == 75)
        #expect(MorningHeartRate.restingRate(rrUnits: [0, 1024, 70_000]) == 60)
        #expect(MorningHeartRate.restingRate(rrUnits: [0]) == nil)
    }

    // MARK: - Properties

    static let intervals = Gen<Int>.int(in: 600...1400).array(of: 2...300)

    /// RMSSD is never negative, never above the largest usable difference, and does not change when every interval
    /// is reversed in order (the same differences, negated).
    @Test func rmssdIsBoundedAndOrderSymmetric() async {
        await propertyCheck(input: Self.intervals) { rr in
            guard let rmssd = MorningHeartRate.rmssd(rrUnits: rr, minimumDifferences: 1) else {
                #expect(zip(rr, rr.dropFirst()).allSatisfy { !MorningHeartRate.usable($0, $1) })
                return
            }
            var largest = 0.0
            for (earlier, later) in zip(rr, rr.dropFirst()) where MorningHeartRate.usable(earlier, later) {
                let difference: Double = Double(abs(later - earlier)) * 1000 / 1024
                largest = max(largest, difference)
            }
            #expect(rmssd >= 0)
            #expect(rmssd <= largest + 1e-9)
            let reversed = MorningHeartRate.rmssd(rrUnits: rr.reversed(), minimumDifferences: 1)
            // Reversed, a pair is judged against the other interval: equal unless the filter's 20 % falls between.
            if zip(rr, rr.dropFirst()).allSatisfy({ MorningHeartRate.usable($0, $1) == MorningHeartRate.usable($1, $0) }
            ) {
                #expect(abs((reversed ?? -1) - rmssd) < 1e-9)
            }
        }
    }

    /// Adding a constant to every interval (a slower heart, the same beat-to-beat changes) leaves RMSSD as it is
    /// when the filter keeps every pair; the resting rate falls.
    @Test func rmssdIgnoresAConstantShift() async {
        await propertyCheck(input: zip(Gen<Int>.int(in: 900...1000).array(of: 130...200), Gen<Int>.int(in: 1...200))) {
            rr, shift in
            let shifted = rr.map { $0 + shift }
            #expect(
                abs((MorningHeartRate.rmssd(rrUnits: rr) ?? -1) - (MorningHeartRate.rmssd(rrUnits: shifted) ?? -2))
                    < 1e-9)
            #expect(MorningHeartRate.restingRate(rrUnits: shifted)! <= MorningHeartRate.restingRate(rrUnits: rr)!)
        }
    }

    // MARK: - Baseline

    static let start = Instant(rfc3339: "2026-12-01T07:00:00Z")!

    static func entries(_ rmssds: [Double], rate: Int = 60, rebaselineAt: Int? = nil) -> [MorningBaseline.Entry] {
        rmssds.enumerated().map { index, rmssd in
            MorningBaseline.Entry(
                at: start.adding(seconds: Int64(index) * 86_400),
                date: CivilDate(year: 2026, month: 12, day: 1).adding(days: index),
                values: MorningValues(restingBeatsPerMinute: rate, rmssdMilliseconds: rmssd, beats: 300),
                beginsBaseline: index == rebaselineAt)
        }
    }

    static func values(_ rmssd: Double) -> MorningValues {
        MorningValues(restingBeatsPerMinute: 60, rmssdMilliseconds: rmssd, beats: 300)
    }

    @Test func aBaselineIsBuiltFromThreeReadings() {
        #expect(MorningBaseline([]).stability(Self.values(40)) == .building)
        #expect(MorningBaseline([]).since == nil)
        #expect(MorningBaseline(Self.entries([40, 42])).stability(Self.values(40)) == .building)
        let baseline = MorningBaseline(Self.entries([40, 44, 36]))
        #expect(baseline.count == 3)
        #expect(baseline.since == Self.start)
        #expect(baseline.stability(Self.values(40)) == .usual)
        #expect(baseline.stability(Self.values(25)) == .below)
        #expect(baseline.stability(Self.values(60)) == .above)
        // ln 40, 44, 36: geometric mean ∛(40·44·36) = ∛63360 = 39.8662…
        #expect(abs(baseline.usualRMSSD - 39.8662) < 1e-3)
    }

    /// A very steady baseline does not make noise an alarm: the spread is at least 0.1 on the log scale.
    @Test func aSteadyBaselineUsesTheMinimumSpread() throws {
        let baseline = MorningBaseline(Self.entries([40, 40, 40, 40]))
        #expect(baseline.spreadLogRMSSD == 0)
        let z = try #require(baseline.zScore(Self.values(38)))
        #expect(abs(z - log(38.0 / 40) / 0.1) < 1e-12)
        #expect(baseline.stability(Self.values(38)) == .usual)
        #expect(baseline.stability(Self.values(36)) == .below)
    }

    /// After `pace morning --rebaseline` (a beta-blocker: RMSSD up), the old readings no longer count.
    @Test func aRebaselineStartsAfresh() {
        let before = [40.0, 42, 38, 41, 39]
        let after = [70.0, 72, 68]
        let all = Self.entries(before + after, rebaselineAt: before.count)
        let baseline = MorningBaseline(all)
        #expect(baseline.count == 3)
        #expect(baseline.since == Self.start.adding(seconds: Int64(before.count) * 86_400))
        #expect(baseline.stability(Self.values(70)) == .usual)
        // Without it, 70 would look far above the usual.
        #expect(MorningBaseline(Self.entries(before + after)).stability(Self.values(70)) == .above)
        // Just after the rebaseline, the new baseline is building again.
        #expect(MorningBaseline(Array(all.prefix(before.count + 1))).stability(Self.values(70)) == .building)
    }

    /// The baseline counts only the last 30 readings.
    @Test func theBaselineIsAWindow() {
        let baseline = MorningBaseline(
            Self.entries([Double](repeating: 20, count: 10) + [Double](repeating: 50, count: 30)))
        #expect(baseline.count == 30)
        #expect(abs(baseline.usualRMSSD - 50) < 1e-9)
        #expect(baseline.since == Self.start)
    }

    // MARK: - In the state

    /// Readings on successive mornings build the baseline in the fold; a rebaseline forgets the old ones; the state
    /// (a snapshot) keeps them through encoding.
    @Test func theStateKeepsTheBaselineAndItsRebaseline() throws {
        func reading(day: Int, _ rmssd: Double, rebaseline: Bool = false) -> Event {
            Event(
                header: .init(
                    at: Self.start.adding(seconds: Int64(day) * 86_400), utcOffsetSeconds: 3600, source: .sensed),
                payload: .morningReading(.init(Self.values(rmssd), newBaseline: rebaseline)))
        }
        let days = [40.0, 44, 36, 42, 41].enumerated().map { reading(day: $0, $1) }
        var state = try PaceState(replaying: days + [reading(day: 5, 25)])
        let today = try #require(state.currentDay)
        let judged = try #require(state.morning?.judgement(on: today))
        #expect(judged.stability == .below)
        #expect(judged.baseline.count == 5)
        #expect(judged.baseline.since == Self.start)
        #expect(judged.text.contains("below your usual: less in reserve"), "\(judged.text)")
        #expect(judged.text.hasSuffix("; baseline since 2026-12-01."), "\(judged.text)")
        // No reading on a day: nothing to judge.
        #expect(state.morning?.judgement(on: today.adding(days: 1)) == nil)

        let rebaselined = reading(day: 6, 70, rebaseline: true)
        try state.apply(rebaselined)
        let afterDay = try #require(state.currentDay)
        let after = try #require(state.morning?.judgement(on: afterDay))
        #expect(after.stability == .building)
        #expect(after.baseline.since == rebaselined.at)
        #expect(state.morning?.entries.count == 1)
        try state.apply(reading(day: 7, 72))
        let nextDay = try #require(state.currentDay)
        let next = try #require(state.morning?.judgement(on: nextDay))
        #expect(next.baseline.count == 1)
        #expect(next.baseline.since == rebaselined.at)

        let decoded = try JSONDecoder().decode(PaceState.self, from: try JSONEncoder().encode(state))
        #expect(decoded.morning == state.morning)
    }

    /// A long run of mornings keeps at most a window and a day of readings, and the baseline's first morning.
    @Test func theStateKeepsABoundedHistory() throws {
        let events = (0..<100).map { day in
            Event(
                header: .init(at: Self.start.adding(seconds: Int64(day) * 86_400), utcOffsetSeconds: 3600),
                payload: .morningReading(.init(Self.values(40 + Double(day % 5)))))
        }
        let state = try PaceState(replaying: events)
        #expect(state.morning?.entries.count == MorningBaseline.window + 1)
        #expect(state.morning?.baselineSince == Self.start)
        let last = try #require(state.currentDay)
        #expect(state.morning?.judgement(on: last)?.baseline.since == Self.start)
    }

    /// A reading belongs to its own pacing day, the local day from the day's start hour: not the UTC date of its
    /// instant, and not the day the fold had reached when a late reading (an import, another device) came in.
    @Test func aReadingBelongsToItsLocalPacingDay() throws {
        // 23:30 UTC on 1 December is 04:30 on 2 December at UTC+5: the pacing day of 2 December (it starts at 04:00).
        let late = Instant(rfc3339: "2026-12-01T23:30:00Z")!
        let east = Event(
            header: .init(at: late, utcOffsetSeconds: 5 * 3600, source: .sensed),
            payload: .morningReading(.init(Self.values(40))))
        var state = try PaceState(replaying: [east])
        let entry = try #require(state.morning?.entries.last)
        #expect(entry.date == CivilDate(year: 2026, month: 12, day: 2))
        #expect(state.morning?.baselineSinceDay == CivilDate(year: 2026, month: 12, day: 2))
        let judged = try #require(state.morning?.judgement(on: CivilDate(year: 2026, month: 12, day: 2)))
        #expect(judged.text.hasSuffix("; baseline since 2026-12-02."), "\(judged.text)")
        // 02:00 local on 3 December is still the pacing day of 2 December.
        #expect(state.morning?.reading(on: CivilDate(year: 2026, month: 12, day: 3)) == nil)

        // A reading of 5 December folded after a later day's event keeps its own day.
        try state.apply(Event(at: Instant(rfc3339: "2026-12-08T10:00:00Z")!, utcOffsetSeconds: 0, .restEnded))
        try state.apply(
            Event(
                header: .init(at: Instant(rfc3339: "2026-12-05T03:00:00Z")!, utcOffsetSeconds: 5 * 3600),
                payload: .morningReading(.init(Self.values(44)))))
        #expect(state.morning?.entries.last?.date == CivilDate(year: 2026, month: 12, day: 5))
    }

    /// paced takes the reading by itself only in the morning: the first eight hours of the pacing day, before
    /// anything today cost effort points.
    @Test func theAutomaticReadingIsForTheMorningOnly() {
        let dayStart = Instant(rfc3339: "2026-12-01T04:00:00Z")!
        func may(_ hours: Double, used: Double = 0) -> Bool {
            MorningHeartRate.mayTakeByItself(
                at: dayStart.adding(seconds: Int64(hours * 3600)), dayStartedAt: dayStart, usedPoints: used)
        }
        #expect(may(0))
        #expect(may(2.5))
        #expect(may(7.99))
        #expect(!may(8))
        #expect(!may(14))
        #expect(!may(-1))
        #expect(!may(2, used: 3.5))
        #expect(MorningHeartRate.automaticWindowSeconds == 8 * 3600)
    }

    /// Readings outside the ranges are never applied.
    @Test func outOfRangeReadingsAreRejected() {
        for (rate, rmssd, beats) in [
            (19, 40.0, 300), (251, 40, 300), (60, -1, 300), (60, 1000.5, 300), (60, .nan, 300), (60, 40, 0),
        ] {
            let event = Event(
                at: Self.start, utcOffsetSeconds: 0,
                .morningReading(.init(restingBeatsPerMinute: rate, rmssdMilliseconds: rmssd, beats: beats)))
            #expect(throws: Event.OutOfRange.self) { try event.validate() }
        }
    }

    /// The reading is shown, never used: on a day without an energy rating the budget is the same with a reading
    /// far below the baseline as without one (the study found no rule that helps in every cell).
    @Test func aReadingDoesNotMoveTheBudget() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.calibrate()
        timeline.live(days: 5)
        timeline.wait(minutes: 22 * 60)
        let before = timeline.status.budget
        var withReading = timeline
        withReading.apply([
            Event(
                header: .init(at: timeline.now, utcOffsetSeconds: timeline.utcOffsetSeconds, source: .sensed),
                payload: .morningReading(.init(Self.values(15))))
        ])
        let today = withReading.state.day(now: withReading.now, utcOffsetSeconds: withReading.utcOffsetSeconds)
        #expect(withReading.state.morning?.reading(on: today) != nil)
        #expect(withReading.status.budget == before)
        #expect(withReading.explanation == timeline.explanation)
    }
}
