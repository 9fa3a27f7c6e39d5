import FoundationEssentials
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// Heart rate end to end on the real `dunst` under Xvfb: the fake BlueZ replays a walk whose heart rate rises past
/// the threshold, the alert reaches dunst with its buttons, Rest (pressed in dunst's menu, `dunstctl context`)
/// records a rest; the walk becomes a sensed bout, and its question, in dunst too, names it with one press.
@Suite(.enabled(if: TestBlueZ.isAvailable, "needs dbus-daemon, busctl and python3 with dbus and gi"))
struct HeartRateDunstTests {
    static let configuration = """

        [heart_rate]
        device = "\(TestBlueZ.sensorAddress)"
        threshold = 110
        resting = 60
        alert_after = "30s"

        """

    /// One step of 10 s of the daemon's clock: five readings at `rate` (the last one higher by `step % 2`, so the
    /// daemon is seen to have read it), then the clock moves on.
    private static func step(_ rig: ReminderRig, _ rate: Int, _ step: Int) async throws {
        let last = rate + step % 2
        try #require(rig.bluez).notify(each: Array(repeating: [0x06, UInt8(rate)], count: 4) + [[0x06, UInt8(last)]])
        try #require(
            await eventually {
                (try? rig.call(PaceAPI.GetHeartRate.self, NoParameters()).heartRate.beatsPerMinute) == last
            }, "\(rig.standardError)")
        try rig.advance(seconds: 10)
    }

    @Test func aWalkRaisesHeartRateTheAlertIsInDunstAndRestIsRecorded() async throws {
        let rig = try ReminderRig(desktop: [.sessionBus, .bluez], configuration: Self.configuration, start: false)
        let bus = try #require(rig.sessionBus)
        let display = try VirtualDisplay(in: rig.directory.path)
        let dunst = try Dunst(on: bus, display: display, in: rig.directory.path)
        try rig.startDaemon()
        try #require(
            await eventually(timeoutMilliseconds: 20_000) {
                (try? rig.health())?.desktop?.notificationServer?.hasPrefix("dunst ") == true
            }, "dunst did not answer: \(dunst.process.standardError)")
        try #require(
            await eventually {
                (try? rig.call(PaceAPI.GetHeartRate.self, NoParameters()).heartRate.sensor) == "reading"
            }, "\(rig.standardError)")

        // A quiet minute, five minutes of walking at 100 bpm, then uphill: 112 and rising, step by step.
        var count = 0
        for _ in 0..<6 {
            try await Self.step(rig, 62, count)
            count += 1
        }
        for _ in 0..<30 {
            try await Self.step(rig, 100, count)
            count += 1
        }
        var rate = 112
        while dunst.displayedCount ?? 0 == 0, rate < 140 {
            try await Self.step(rig, rate, count)
            count += 1
            rate += 2
        }
        try #require(
            await eventually(timeoutMilliseconds: 20_000) { dunst.displayedCount ?? 0 >= 1 }, "\(rig.standardError)")
        #expect(rig.lines(containing: "pace_reminder=heart-rate").count == 1)
        #expect(try rig.status().rest == nil)

        // Rest, pressed in dunst: a rest is recorded and the alert goes.
        try dunst.press("rest")
        #expect(
            await eventually(timeoutMilliseconds: 20_000) { (try? rig.status())?.rest != nil },
            "\(rig.standardError)\n\(dunst.process.standardError)")
        #expect(await eventually(timeoutMilliseconds: 20_000) { dunst.displayedCount == 0 })
        #expect(try rig.events().contains { $0.type == "restStarted" })

        // Resting: the heart rate comes down, the walk becomes a sensed bout, and dunst shows its question.
        for _ in 0..<18 {
            try await Self.step(rig, 62, count)
            count += 1
        }
        try #require(
            await eventually { (try? rig.events().contains { $0.source == "sensed" }) == true }, "\(rig.standardError)")
        try #require(
            await eventually(timeoutMilliseconds: 20_000) { dunst.displayedCount ?? 0 >= 1 }, "\(rig.standardError)")
        #expect(try rig.shownReminders().contains { $0.reminder?.hasPrefix("sensed:") == true })
        let kind = try #require(PaceSettings().activities.first?.name)
        try dunst.press("kind:\(kind)")
        #expect(
            await eventually(timeoutMilliseconds: 20_000) {
                (try? rig.events().contains { $0.type == "amended" }) == true
            }, "\(rig.standardError)\n\(dunst.process.standardError)")
        let listed = try rig.call(PaceAPI.ListEvents.self, .init(day: nil)).events
        #expect(listed.contains { $0.text.hasPrefix(kind) }, "\(listed.map(\.text))")
        #expect(rig.daemon.stop() == .exited(0))
        withExtendedLifetime((display, dunst)) {}
    }
}
