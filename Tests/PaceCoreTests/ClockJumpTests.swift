import Testing

@testable import PaceCore

/// The machine's two clocks, moved by hand: the wall clock, which anyone can set, and `CLOCK_BOOTTIME`, which
/// only time moves (suspend included); and the time Pace trusts from them.
private struct Machine {
    var wall: Instant
    var elapsedMilliseconds: Int64 = 3_600_000
    var trusted: TrustedTime

    init(_ start: String) {
        wall = Instant(rfc3339: start)!
        trusted = TrustedTime(startingAt: ClockReading(wall: wall, elapsedMilliseconds: elapsedMilliseconds))
    }

    var reading: ClockReading { ClockReading(wall: wall, elapsedMilliseconds: elapsedMilliseconds) }

    /// Time passes (awake or suspended: `CLOCK_BOOTTIME` counts both).
    mutating func pass(minutes: Int64 = 0, seconds: Int64 = 0) {
        wall = wall.adding(seconds: minutes * 60 + seconds)
        elapsedMilliseconds += (minutes * 60 + seconds) * 1000
    }

    /// The wall clock is set, `seconds` ahead (back when negative).
    mutating func step(seconds: Int64) {
        wall = wall.adding(seconds: seconds)
    }

    /// The time Pace goes by now.
    mutating func now() -> Instant { trusted.now(reading) }

    var horizon: Instant { trusted.horizon(atElapsed: elapsedMilliseconds) }
}

private let oneDay: Int64 = 86_400
private let oneYear: Int64 = 365 * oneDay

/// ``TrustedTime``'s rule on its own: what it trusts, what it holds, when it follows.
@Suite struct TrustedTimeTests {
    @Test func aClockThatAgreesIsTheTime() {
        var machine = Machine("2026-12-07T10:00:00Z")
        machine.pass(minutes: 30)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T10:30:00Z"))
        // NTP slews and small steps: followed at once, and the anchor moves with them.
        machine.step(seconds: 240)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T10:34:00Z"))
        #expect(machine.trusted.step == nil)
    }

    @Test func aSuspendOfANightIsNoJump() {
        var machine = Machine("2026-12-06T23:00:00Z")
        machine.pass(minutes: 8 * 60)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T07:00:00Z"))
        #expect(machine.trusted.step == nil)
    }

    @Test func slowDriftOverWeeksIsFollowed() {
        var machine = Machine("2026-12-07T10:00:00Z")
        // 40 s a day ahead of CLOCK_BOOTTIME (NTP's slews go up to 43 s a day), for 60 days.
        for _ in 0..<60 {
            machine.pass(minutes: 24 * 60)
            machine.step(seconds: 40)
            #expect(machine.now() == machine.wall)
        }
    }

    @Test func aJumpAheadIsHeldThenFollowedOnceItHeld() {
        var machine = Machine("2026-12-07T10:00:00Z")
        machine.step(seconds: 3 * oneDay)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T10:00:00Z"))
        machine.pass(minutes: 9)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T10:09:00Z"))
        #expect(machine.trusted.stepFollowedAtElapsed == 3_600_000 + TrustedTime.holdSeconds * 1000)
        machine.pass(minutes: 1)
        #expect(machine.now() == Instant(rfc3339: "2026-12-10T10:10:00Z"))
        #expect(machine.trusted.step == nil)
    }

    @Test func aJumpThatMovesAgainIsHeldAgainFromThen() {
        var machine = Machine("2026-12-07T10:00:00Z")
        machine.step(seconds: 3 * oneDay)
        _ = machine.now()
        machine.pass(minutes: 8)
        machine.step(seconds: oneYear)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T10:08:00Z"))
        machine.pass(minutes: 9)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T10:17:00Z"))
        machine.pass(minutes: 1)
        #expect(machine.now() == machine.wall)
    }

    @Test func aJumpBackIsFollowedAtOnceAndAReturnIsTrustedAtOnce() {
        var machine = Machine("2026-12-07T10:00:00Z")
        machine.step(seconds: -oneYear)
        #expect(machine.now() == Instant(rfc3339: "2025-12-07T10:00:00Z"))
        // Nothing is folded beyond the estimate, which a step back does not move yet.
        #expect(machine.horizon == Instant(rfc3339: "2026-12-07T10:05:00Z"))
        machine.pass(minutes: 5)
        machine.step(seconds: oneYear)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T10:05:00Z"))
        #expect(machine.trusted.step == nil)
    }

    @Test func aJumpBackThatHoldsMovesTheEstimateBack() {
        var machine = Machine("2027-12-07T10:00:00Z")
        machine.step(seconds: -oneYear)
        _ = machine.now()
        machine.pass(minutes: 10)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T10:10:00Z"))
        #expect(machine.horizon == Instant(rfc3339: "2026-12-07T10:15:00Z"))
        // Now a return to the old time is a jump ahead like any other.
        machine.step(seconds: oneYear)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T10:10:00Z"))
    }

    @Test func aClockOutsideThePlausibleIsNeverFollowed() {
        var machine = Machine("2026-12-07T10:00:00Z")
        machine.step(seconds: 2000 * oneYear)
        for _ in 0..<3 {
            machine.pass(minutes: 20)
            #expect(machine.now() == machine.trusted.estimate(atElapsed: machine.elapsedMilliseconds))
        }
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T11:00:00Z"))
        machine.step(seconds: -2000 * oneYear - 100 * oneYear)
        #expect(machine.now() == Instant(rfc3339: "2026-12-07T11:00:00Z"))
    }
}

/// The reproductions (issue 22, item 3) through the real command layer and reducer, with the time from
/// ``TrustedTime``: a wall-clock jump that comes back never moves the pacing day.
@Suite struct ClockJumpTests {
    /// A person's day whose clock is ``Machine``'s trusted time, in UTC.
    private struct Day {
        var machine: Machine
        var timeline: Timeline

        init(_ start: String) {
            machine = Machine(start)
            timeline = Timeline(start, utcOffsetSeconds: 0)
        }

        /// Carries out `command` at the trusted time.
        @discardableResult
        mutating func run(_ command: Command, sourceLocation: SourceLocation = #_sourceLocation) -> [Event] {
            timeline.now = machine.now()
            return timeline.run(command, sourceLocation: sourceLocation)
        }

        /// The status at the trusted time.
        mutating func status() -> PaceStatus {
            timeline.now = machine.now()
            return timeline.status
        }

        /// The reminders at the trusted time.
        mutating func reminders() -> ReminderDecision {
            timeline.now = machine.now()
            return timeline.reminders
        }
    }

    @Test func aYearAheadAndBackLeavesTheDayAndACheckInLandsToday() {
        var day = Day("2026-12-07T10:00:00Z")
        day.run(.checkIn(CheckIn(energy: 5)))
        day.machine.step(seconds: oneYear)
        day.machine.pass(minutes: 1)
        let ahead = day.run(.checkIn(CheckIn(pain: 4)))
        #expect(ahead.map(\.at) == [Instant(rfc3339: "2026-12-07T10:01:00Z")])
        #expect(day.status().date.iso8601 == "2026-12-07")
        day.machine.pass(minutes: 1)
        day.machine.step(seconds: -oneYear)
        day.run(.checkIn(CheckIn(fatigue: 6)))
        #expect(day.status().date.iso8601 == "2026-12-07")
        #expect(day.timeline.state.currentDay?.iso8601 == "2026-12-07")
        #expect(day.timeline.state.days.last?.checkIns.count == 3)
        #expect(day.timeline.state.days.count == 1)
    }

    @Test func aThreeDayStepDuringAWalkNeitherRemindsNorCountsThreeDays() {
        var day = Day("2026-12-07T10:00:00Z")
        day.run(.checkIn(CheckIn(energy: 5)))
        day.run(.startActivity(activity: "walk"))
        day.machine.pass(minutes: 5)
        day.machine.step(seconds: 3 * oneDay)
        // By the wall clock the bout would be three days long, far past its limit.
        #expect(day.reminders().due.isEmpty)
        #expect(day.status().bout?.elapsedSeconds == 300)
        day.machine.pass(minutes: 2)
        let stop = day.run(.stopActivity)
        #expect(stop.map(\.at) == [Instant(rfc3339: "2026-12-07T10:07:00Z")])
        let status = day.status()
        #expect(status.date.iso8601 == "2026-12-07")
        #expect(close(status.used.points, 7 * 1.8))
        #expect(day.timeline.log.allSatisfy { $0.at <= day.machine.horizon })
    }

    @Test func twoThousandYearsAheadRecordsNothingThereAndLeavesTheBudget() {
        var day = Day("2026-12-07T10:00:00Z")
        let before = day.status()
        day.machine.step(seconds: 2000 * oneYear)
        // However long it stays there.
        day.machine.pass(minutes: 30)
        day.run(.checkIn(CheckIn(energy: 5)))
        day.machine.pass(minutes: 30)
        let status = day.status()
        #expect(status.date.iso8601 == "2026-12-07")
        #expect(status.budget == before.budget)
        #expect(day.timeline.state.days.count == 1)
        #expect(day.timeline.log.allSatisfy { $0.at < Instant(rfc3339: "2026-12-08T00:00:00Z")! })
    }

    @Test func aJumpThatHeldIsFollowedAndItsDayBegins() {
        var day = Day("2026-12-07T10:00:00Z")
        day.run(.checkIn(CheckIn(energy: 5)))
        day.machine.step(seconds: oneDay)
        #expect(day.status().date.iso8601 == "2026-12-07")
        day.machine.pass(minutes: TrustedTime.holdSeconds / 60)
        day.run(.checkIn(CheckIn(energy: 4)))
        #expect(day.status().date.iso8601 == "2026-12-08")
    }
}
