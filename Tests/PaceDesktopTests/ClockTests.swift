import FoundationEssentials
import Glibc
import PaceCore
import PaceSystem
import PaceTestSupport
import Synchronization
import Testing

@testable import PaceDaemon

/// The wall-clock timer and the classification of clock changes, in this process.
@Suite struct WallClockTimerTests {
    /// A desktop with no buses (only its clock parts matter here).
    private static func desktop() -> (DesktopFixture, DesktopHarness) {
        let fixture = DesktopFixture()
        return (fixture, DesktopHarness(environment: fixture.environment))
    }

    private final class Firings: Sendable {
        let instants = Mutex<[Int64]>([])
        func record() { instants.withLock { $0.append(SystemClock().now().millisecondsSinceEpoch) } }
        var all: [Int64] { instants.withLock { $0 } }
    }

    @Test func firesOnceAtItsDeadline() async throws {
        let (fixture, desktop) = Self.desktop()
        let firings = Firings()
        let deadline = SystemClock().now().millisecondsSinceEpoch + 150
        let timer = try desktop.run { desktop in
            let timer = try desktop.makeWallClockTimer { firings.record() }
            timer.arm(at: Instant(millisecondsSinceEpoch: deadline))
            return timer
        }
        #expect(await eventually { firings.all.count == 1 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(firings.all.count == 1)
        #expect(firings.all[0] >= deadline)
        #expect(desktop.run { _ in timer.deadline } == nil)
        _ = fixture
    }

    @Test func rearmingMovesTheDeadlineAndDisarmingStopsIt() async throws {
        let (fixture, desktop) = Self.desktop()
        let firings = Firings()
        let now = SystemClock().now().millisecondsSinceEpoch
        let timer = try desktop.run { desktop in
            let timer = try desktop.makeWallClockTimer { firings.record() }
            timer.arm(at: Instant(millisecondsSinceEpoch: now + 3_600_000))
            timer.arm(at: Instant(millisecondsSinceEpoch: now + 100))
            return timer
        }
        #expect(await eventually { firings.all.count == 1 })
        desktop.run { _ in
            timer.arm(at: Instant(millisecondsSinceEpoch: SystemClock().now().millisecondsSinceEpoch + 100))
            timer.disarm()
        }
        try await Task.sleep(for: .milliseconds(400))
        #expect(firings.all.count == 1)
        _ = fixture
    }

    @Test func deadlineInThePastFiresAtOnce() async throws {
        let (fixture, desktop) = Self.desktop()
        let firings = Firings()
        let timer = try desktop.run { desktop in
            let timer = try desktop.makeWallClockTimer { firings.record() }
            timer.arm(at: Instant(millisecondsSinceEpoch: SystemClock().now().millisecondsSinceEpoch - 60_000))
            return timer
        }
        #expect(await eventually { firings.all.count == 1 })
        _ = (fixture, timer)
    }

    @Test func clockReadingsTellAStepFromASleep() {
        let second: Int64 = 1_000_000_000
        let before = ClockReadings(realtime: 1_000 * second, boottime: 50 * second, monotonic: 40 * second)
        // 10 s later the clock was set 2 min back: REALTIME moved against BOOTTIME, BOOTTIME kept with MONOTONIC.
        let stepped = ClockReadings(realtime: 890 * second, boottime: 60 * second, monotonic: 50 * second)
        #expect(
            ClockChange(from: before, to: stepped)
                == ClockChange(cause: .clockSet, stepMilliseconds: -120_000, suspendedMilliseconds: 0))
        // An hour asleep: BOOTTIME and REALTIME went on, MONOTONIC did not.
        let resumed = ClockReadings(realtime: 4_601 * second, boottime: 3_651 * second, monotonic: 41 * second)
        #expect(
            ClockChange(from: before, to: resumed)
                == ClockChange(cause: .resume, stepMilliseconds: 0, suspendedMilliseconds: 3_600_000))
        #expect(ClockReadings.now().step(since: ClockReadings.now()) < 5_000_000)
    }

    @Test func testOffsetFileHoldsOneOrTwoWholeMilliseconds() throws {
        let directory = TemporaryDirectory(prefix: "pace-offset")
        defer { directory.remove() }
        let path = directory.appending("offset")
        #expect(TestClockShift.read(path) == .missing)
        for (text, expected) in [
            ("7200000\n", TestClockShift.Reading.value(.init(elapsed: 7_200_000))),
            (" -5 ", .value(.init(elapsed: -5))),
            ("60000 86400000\n", .value(.init(elapsed: 60_000, wallStep: 86_400_000))),
            ("", .unreadable("")), ("2h", .unreadable("2h")), ("1 2 3", .unreadable("1 2 3")),
        ] {
            try Data(text.utf8).write(to: URL(filePath: path))
            #expect(TestClockShift.read(path) == expected)
        }
        #expect(TestClockShift.file(environment: ["PACE_TEST_CLOCK_OFFSET_FILE": path]) == nil)
        #expect(
            TestClockShift.file(environment: ["PACE_TEST_HOOKS": "1", "PACE_TEST_CLOCK_OFFSET_FILE": path])
                == path)
    }

    /// Opt-in (`make test-clock`, needs CAP_SYS_TIME): makes the kernel report a clock change by stepping the
    /// machine's clock one nanosecond forward.
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["PACE_TEST_CLOCK_STEP"] == "1",
            "opt-in: steps this machine's clock (make test-clock)"))
    func kernelClockChangeIsNoticedOnce() async throws {
        let (fixture, desktop) = Self.desktop()
        try await Task.sleep(for: .milliseconds(100))
        let result = try Executables.run(
            "/usr/bin/python3", [TestEnvironment.clockScripts + "/nanosecond_clock_step.py"],
            environment: TestEnvironment.minimal)
        try #require(result.status == 0, "\(result.standardError)")
        #expect(await desktop.waitFor { !$0.isEmpty })
        try await Task.sleep(for: .milliseconds(200))
        guard desktop.events.count == 1, case .clock(let change) = desktop.events[0] else {
            Issue.record("expected one clock change, got \(desktop.events)")
            return
        }
        #expect(change.cause == .clockSet)
        #expect(abs(change.stepMilliseconds) < 50)
        _ = fixture
    }
}
