import Foundation
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

@testable import pace

/// The morning reading end to end: the fake BlueZ replays RR intervals, paced keeps the last minutes of them, and
/// `pace morning` (or paced by itself, after five quiet minutes) records a `morningReading` event.
@Suite(.enabled(if: TestBlueZ.isAvailable, "needs dbus-daemon, busctl and python3 with dbus and gi"))
struct MorningReadingEndToEndTests {
    static let configuration = """

        [heart_rate]
        device = "\(TestBlueZ.sensorAddress)"
        threshold = 110

        """

    /// A frame at `rate` bpm with contact detected and eight RR intervals alternating 1000 and 1048 (1/1024 s):
    /// 8 s of beats at a mean of 60 bpm, every successive difference 48 units (46.875 ms), so RMSSD 46.9 ms.
    static func frame(rate: Int) -> [UInt8] {
        var bytes: [UInt8] = [0x16, UInt8(rate)]
        for index in 0..<8 {
            let interval = index.isMultiple(of: 2) ? 1000 : 1048
            bytes += [UInt8(interval & 0xFF), UInt8(interval >> 8)]
        }
        return bytes
    }

    /// Sends `count` frames and waits until paced has read the last (its rate, `marker`, differs from the rest).
    static func replay(_ rig: ReminderRig, frames count: Int, marker: Int) async throws {
        let bluez = try #require(rig.bluez)
        for index in 0..<count { try bluez.notify(frame(rate: index == count - 1 ? marker : 60)) }
        try #require(
            await eventually {
                (try? rig.call(PaceAPI.GetHeartRate.self, NoParameters()).heartRate.beatsPerMinute) == marker
            }, "\(rig.standardError)")
    }

    static func rig() async throws -> ReminderRig {
        let rig = try ReminderRig(desktop: [.sessionBus, .bluez], configuration: configuration)
        try #require(
            await eventually {
                (try? rig.call(PaceAPI.GetHeartRate.self, NoParameters()).heartRate.sensor) == "reading"
            },
            "\(rig.standardError)")
        return rig
    }

    @Test func paceMorningTakesAReadingFromTheLastMinutesAndRebaselines() async throws {
        let rig = try await Self.rig()
        // 40 s of intervals: not enough.
        try await Self.replay(rig, frames: 5, marker: 61)
        let early = try rig.daemon.pace("morning", "--wait", "0")
        #expect(early.status == 1)
        #expect(
            early.standardOutput.contains("Not enough quiet readings yet: 40 of 180 s of clean RR intervals"),
            "\(early.standardOutput)")
        #expect(try rig.call(PaceAPI.GetMorningReading.self, NoParameters()).reading == nil)
        let none = try rig.daemon.pace("morning", "--today")
        #expect(
            none.standardOutput == "No morning reading today yet (`pace morning` takes one).\n",
            "\(none.standardOutput)")

        // 208 s in all: a reading, the first of the baseline.
        try await Self.replay(rig, frames: 21, marker: 62)
        let taken = try rig.daemon.pace("morning", "--wait", "30")
        #expect(taken.status == 0, "\(taken.standardError)")
        let line = taken.standardOutput
        #expect(
            line.hasPrefix("Morning reading: resting 60 bpm, RMSSD 47 ms: building your baseline (0 of 3 mornings)"),
            "\(line)")
        #expect(line.contains("; baseline since "), "\(line)")
        let reading = try #require(try rig.call(PaceAPI.GetMorningReading.self, NoParameters()).reading)
        #expect(reading.rmssdMilliseconds == 46.9)
        #expect(reading.restingBeatsPerMinute == 60)
        #expect(reading.stability == "building")
        #expect(reading.beats >= 180)
        let why = try rig.daemon.pace("why")
        #expect(why.standardOutput.contains("Morning reading: resting 60 bpm, RMSSD 47 ms"), "\(why.standardOutput)")
        #expect(why.standardOutput.contains("baseline since"), "\(why.standardOutput)")
        let events = try rig.daemon.pace("events")
        #expect(
            events.standardOutput.contains("morning reading: resting 60 bpm, RMSSD 46.9 ms"), "\(events.standardOutput)"
        )

        // --rebaseline: a new baseline begins with this reading.
        let again = try rig.daemon.pace("morning", "--rebaseline", "--json")
        #expect(again.status == 0, "\(again.standardError)")
        let reply = try JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [String: Any]
        let json = try #require(reply?["reading"] as? [String: Any])
        // The pacing day the baseline began (TZ=UTC, 12:00: the day's date).
        #expect(json["baselineSince"] as? String == (json["at"] as? String).map { String($0.prefix(10)) })
        #expect(json["stability"] as? String == "building")

        // The next day, before a reading: pace why says when the baseline began.
        try rig.advance(minutes: 24 * 60)
        let since = try #require(json["baselineSince"] as? String)
        let nextDay = try rig.daemon.pace("why")
        #expect(
            nextDay.standardOutput.contains(
                "No morning reading today yet (`pace morning` takes one); your baseline began \(since) "
                    + "(1 morning in it)."), "\(nextDay.standardOutput)")
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Five quiet minutes of intervals, below the threshold with no bout running, in the morning: paced takes the
    /// day's reading by itself, once. At noon (the rig's clock starts at 12:00, eight hours into the pacing day)
    /// the same quiet minutes are an afternoon rest, not a morning reading.
    @Test func theFirstQuietFiveMinutesOfTheDayAreTheReading() async throws {
        let rig = try await Self.rig()
        try await Self.replay(rig, frames: 40, marker: 59)
        #expect(try rig.call(PaceAPI.GetMorningReading.self, NoParameters()).reading == nil)
        #expect(!rig.standardError.contains("morning reading:"), "\(rig.standardError)")
        // 08:00 the next day.
        try rig.advance(minutes: 20 * 60)
        try await Self.replay(rig, frames: 40, marker: 61)
        try #require(
            await eventually { (try? rig.call(PaceAPI.GetMorningReading.self, NoParameters()).reading) != nil },
            "\(rig.standardError)")
        try await Self.replay(rig, frames: 40, marker: 62)
        let events = try rig.daemon.pace("events")
        #expect(
            events.standardOutput.components(separatedBy: "morning reading:").count == 2, "\(events.standardOutput)")
        #expect(rig.daemon.stop() == .exited(0))
    }
}

/// `pace morning`'s words, from fixed replies.
@Suite struct MorningTextTests {
    @Test func withoutAReadingTodayItSaysWhenTheBaselineBegan() {
        let reply = PaceAPI.GetMorningReading.Reply(
            reading: nil, baselineSince: "2026-11-02", baselineReadings: 12)
        #expect(
            MorningText.none(reply)
                == "No morning reading today yet (`pace morning` takes one); your baseline began 2026-11-02 (12 mornings in it)."
        )
    }

    @Test func notYetSaysWhatIsMissing() {
        let off = PaceAPI.TakeMorningReading.Reply(reading: nil, haveSeconds: 0, neededSeconds: 180, sensor: "off")
        #expect(MorningText.notYet(off).hasPrefix("No heart-rate sensor: set [heart_rate] device"))
        let some = PaceAPI.TakeMorningReading.Reply(
            reading: nil, haveSeconds: 42, neededSeconds: 180, sensor: "reading")
        #expect(
            MorningText.notYet(some)
                == "Not enough quiet readings yet: 42 of 180 s of clean RR intervals (sensor reading). Wear the sensor, "
                + "sit still and try again.")
    }
}
