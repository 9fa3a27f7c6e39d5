import Foundation
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// Opt-in desk time (`[activities] desk_time`): minutes with the session in use become sensed bouts of the kind
/// named, every 15 min and when the person leaves; typed bouts win. Off by default.
@Suite struct DeskTimeTests {
    @Test func minutesAtTheDeskBecomeSensedBoutsOfTheKindNamed() async throws {
        let rig = try ReminderRig(desktop: .all, configuration: "[activities]\ndesk_time = \"cognitive\"\n")
        let logind = try #require(rig.logind)
        let start = try rig.now()
        // 16 min at the desk: the piece due after 15 min is recorded, up to now.
        try rig.advance(minutes: 16)
        #expect(
            await eventually { (try? rig.events())?.contains { $0.source == "sensed" } == true }, "\(rig.standardError)"
        )
        // Leaving at 12:22 (logind says so at 12:24): the rest of the stretch, up to when they left.
        try rig.advance(minutes: 8)
        try logind.setIdleHint(true, sinceMilliseconds: start.millisecondsSinceEpoch + 22 * 60_000)
        #expect(
            await eventually { (try? rig.events())?.filter { $0.source == "sensed" }.count == 2 },
            "\(rig.standardError)")
        let sensed = try rig.events().filter { $0.source == "sensed" }
        try #require(sensed.count == 2)
        // (The status gives whole seconds.)
        let near = { (value: Int64?, expected: Int64) in abs((value ?? 0) - expected) < 2000 }
        #expect(sensed.map(\.activity) == ["cognitive", "cognitive"])
        #expect(near(sensed[0].start, start.millisecondsSinceEpoch))
        #expect(
            near(
                sensed[0].start.map { $0 + Int64(sensed[0].durationSeconds ?? 0) * 1000 },
                start.millisecondsSinceEpoch + 16 * 60_000))
        #expect(near(sensed[1].start, start.millisecondsSinceEpoch + 16 * 60_000))
        #expect(
            near(
                sensed[1].start.map { $0 + Int64(sensed[1].durationSeconds ?? 0) * 1000 },
                start.millisecondsSinceEpoch + 22 * 60_000))
        #expect(try rig.status().used > 0)

        // Back, then a typed bout: the stretch before it is counted up to its start only; nothing while it runs.
        try logind.setIdleHint(false)
        try rig.settleSystemBus()
        try rig.advance(minutes: 6)
        try rig.call(PaceAPI.StartActivity.self, .init(kind: "walk"))
        try rig.advance(minutes: 30)
        try logind.setIdleHint(true)
        try rig.settleSystemBus()
        let after = try rig.events().filter { $0.source == "sensed" }
        #expect(after.count == 3, "\(rig.standardError)")
        #expect(abs((after.last?.durationSeconds ?? 0) - 6 * 60) <= 2, "\(after.map(\.durationSeconds))")
        #expect(rig.daemon.stop() == .exited(0))
    }

    @Test func offByDefaultAndAnUnknownKindSaysSoOnce() async throws {
        let rig = try ReminderRig(desktop: .all)
        try rig.advance(minutes: 40)
        try rig.settleSystemBus()
        #expect(try rig.events().filter { $0.source == "sensed" }.isEmpty)
        #expect(rig.daemon.stop() == .exited(0))

        let wrong = try ReminderRig(desktop: .all, configuration: "[activities]\ndesk_time = \"typing\"\n")
        try wrong.advance(minutes: 16)
        try wrong.advance(minutes: 16)
        #expect(
            await eventually { wrong.lines(containing: "desk time is not counted").count == 1 },
            "\(wrong.standardError)")
        #expect(wrong.lines(containing: "There is no activity called \"typing\"").count == 1)
        #expect(try wrong.events().filter { $0.source == "sensed" }.isEmpty)
        #expect(wrong.daemon.stop() == .exited(0))
    }
}
