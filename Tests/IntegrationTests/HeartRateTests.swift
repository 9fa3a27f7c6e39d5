import Foundation
import Glibc
import PaceCore
import PaceLog
import PaceProtocol
import PaceTestSupport
import Testing

@testable import pace

/// Heart rate end to end: a real `paced` reading the fake BlueZ's sensor on a private system bus, showing its alert
/// on the Python notification server on a private session bus, and answering `GetHeartRate` (`pace hr`).
@Suite(.enabled(if: TestBlueZ.isAvailable, "needs dbus-daemon, busctl and python3 with dbus and gi"))
struct HeartRateTests {
    static let heartRate = """

        [heart_rate]
        device = "\(TestBlueZ.sensorAddress)"
        threshold = 110
        alert_after = "30s"

        """

    private static func rig(
        configuration: String = heartRate, notifySocket: TestBlueZ.NotifySocket = .offered
    ) throws -> ReminderRig {
        try ReminderRig(
            desktop: [.sessionBus, .notificationServer, .bluez], configuration: configuration,
            notifySocket: notifySocket)
    }

    private static func heartRate(_ rig: ReminderRig) throws -> PaceAPI.HeartRate {
        try rig.call(PaceAPI.GetHeartRate.self, NoParameters()).heartRate
    }

    /// Notifies `frame` and waits until the daemon has read it (its rate is the one `GetHeartRate` answers).
    private static func notify(_ rig: ReminderRig, _ rate: Int) async throws {
        try #require(rig.bluez).notify([0x06, UInt8(rate)])
        try #require(await eventually { (try? heartRate(rig).beatsPerMinute) == rate }, "\(rig.standardError)")
    }

    @Test func thirtySecondsAboveTheThresholdIsOneAlertWithRestAndSnooze() async throws {
        let rig = try Self.rig()
        try #require(await eventually { (try? Self.heartRate(rig).sensor) == "reading" }, "\(rig.standardError)")
        let reading = try Self.heartRate(rig)
        #expect(reading.enabled)
        #expect(reading.device == TestBlueZ.sensorAddress)
        #expect(reading.threshold == 110)
        #expect(reading.thresholdBasis == "set by you (an exercise test)")
        let hr = try rig.daemon.pace("hr")
        #expect(hr.status == 0)
        #expect(hr.standardOutput.contains("Threshold 110 bpm, set by you (an exercise test)."), "\(hr.standardOutput)")
        #expect(hr.standardOutput.contains("Sensor: reading, Polar H10 A1B2C3D4"), "\(hr.standardOutput)")
        let doctor = try rig.daemon.pace("doctor", "--json")
        #expect(
            doctor.standardOutput.contains("reading heart rate from Polar H10 A1B2C3D4"), "\(doctor.standardOutput)")

        let watch = try WatchSubscription(rig)
        try await Self.notify(rig, 100)
        #expect(try Self.heartRate(rig).zone == "below")
        try await Self.notify(rig, 118)
        #expect(try Self.heartRate(rig).zone == "above")
        #expect(
            try rig.status().heartRate
                == PaceAPI.HeartRateNow(beatsPerMinute: 118, zone: "above", threshold: 110, sensor: "reading"))
        // Watch subscribers (status bars) hear of the change of zone.
        #expect(watch.waitForStatus { ($0["heartRate"] as? [String: Any])?["zone"] as? String == "above" })
        // A reading every 5 s of the daemon's clock. That clock also runs on with real time, so on a loaded machine a
        // stretch may last longer than the test moved it, never shorter: the alert comes once 30 s above have passed.
        var rate = 118
        var moved = 0
        while try Self.heartRate(rig).alertsToday == 0 && moved < 60 {
            try rig.advance(seconds: 5)
            moved += 5
            rate += 1
            try await Self.notify(rig, rate)
        }
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        let alert = try #require(rig.notifies.first)
        let summary = alert.summary ?? ""
        #expect(summary.hasPrefix("Heart rate \(rate) for "), "\(summary)")
        #expect(summary.hasSuffix(", above your 110: slow down or sit"), "\(summary)")
        let seconds = summary.split(separator: " ").dropFirst(4).first.flatMap { Int($0) }
        #expect(summary.contains("for a minute") || (seconds ?? 0) >= 30, "\(summary)")
        #expect(alert.actions == ["rest", "Rest", "snooze", "Snooze 5 min"])
        #expect(alert.hints?["category"] == .text("x-pace.heart-rate"))
        #expect(rig.lines(containing: "pace_reminder=heart-rate").count == 1)
        #expect(try Self.heartRate(rig).alertsToday == 1)

        // Still above: no second alert for the same stretch.
        try rig.advance(seconds: 5)
        try await Self.notify(rig, rate + 1)
        #expect(try Self.heartRate(rig).alertsToday == 1)
        #expect(rig.notifies.count == 1)

        try rig.press("rest", on: alert.id)
        #expect(await eventually(timeoutMilliseconds: 20_000) { (try? rig.status())?.rest != nil })
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Do not disturb holds the alert, as it holds every reminder, unless `hold_when_do_not_disturb = false`.
    @Test(arguments: [true, false])
    func doNotDisturbHoldsTheAlertUnlessToldNot(holds: Bool) async throws {
        let rig = try Self.rig(configuration: Self.heartRate + (holds ? "" : "hold_when_do_not_disturb = false\n"))
        try #require(await eventually { (try? Self.heartRate(rig).sensor) == "reading" }, "\(rig.standardError)")
        try #require(rig.server).control("SetInhibited", "b", "true")
        try #require(
            await eventually { !rig.lines(containing: "notification server holds notifications").isEmpty },
            "\(rig.standardError)")
        for (step, rate) in (120...127).enumerated() {
            if step > 0 { try rig.advance(seconds: 5) }
            try await Self.notify(rig, rate)
        }
        if holds {
            #expect(try Self.heartRate(rig).alertsToday == 0)
            #expect(rig.lines(containing: "pace_reminder=heart-rate").isEmpty)
            // Once do-not-disturb ends, the next reading still above brings it.
            try #require(rig.server).control("SetInhibited", "b", "false")
            try #require(
                await eventually { !rig.lines(containing: "notification server shows notifications again").isEmpty },
                "\(rig.standardError)")
            try await Self.notify(rig, 128)
        }
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(try Self.heartRate(rig).alertsToday == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// On the socket BlueZ hands over and, when it refuses one, from signals.
    @Test(arguments: [TestBlueZ.NotifySocket.offered, .refused])
    func badFramesAreDroppedWithOneLineEachAndReadingGoesOn(notifySocket: TestBlueZ.NotifySocket) async throws {
        let rig = try Self.rig(notifySocket: notifySocket)
        try #require(await eventually { (try? Self.heartRate(rig).sensor) == "reading" }, "\(rig.standardError)")
        let bluez = try #require(rig.bluez)
        for frame: [UInt8] in [[0x01, 0x48], [0x00, 0], [0x10, 70, 0x00, 0xF0], [0x00, 70, 1]] {
            try bluez.notify(frame)
        }
        try await Self.notify(rig, 73)
        #expect(try Self.heartRate(rig).rejectedFrames == 4)
        #expect(rig.lines(containing: "dropped a Heart Rate Measurement frame").count == 4)
        #expect(rig.lines(containing: "(on a socket from BlueZ)").count == (notifySocket == .offered ? 1 : 0))
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Seven minutes of effort that nothing typed covers become a sensed bout; every minute read goes to the
    /// heart-rate stream next to the log, not to the log.
    @Test func effortNothingTypedCoversIsASensedBout() async throws {
        let rig = try Self.rig(configuration: Self.heartRate + "resting = 60\n")
        try await Self.feedSensedBout(rig)
        let sensed = try rig.events().filter { $0.source == "sensed" }
        #expect(sensed.count == 1)
        #expect(sensed.first?.type == "activityLogged")
        #expect(sensed.first?.activity == "sensed")
        // Seven minutes, 1.6 points each; the daemon's clock also runs on with real time, so on a loaded machine a
        // minute boundary may fall inside a step, and a minute at either end be part quiet.
        let minutes = (sensed.first?.durationSeconds ?? 0) / 60
        #expect((6...8).contains(minutes), "\(minutes) min")
        let rate = sensed.first?.pointsPerMinute ?? 0
        #expect(rate > 1.2 && rate <= 1.6, "\(rate)")
        // Its minutes count in today's points.
        let used = try rig.status().used
        #expect(used >= Double(minutes) * rate - 0.01)
        // `pace events` lists it, and `pace name walk` names today's latest unnamed one (as `pace edit ID --kind walk`
        // would), keeping its heart-rate points.
        let listed = try rig.call(PaceAPI.ListEvents.self, .init(day: nil)).events
        let line = try #require(listed.first { $0.text.hasPrefix("sensed") }, "\(listed.map(\.text))")
        let name = try rig.daemon.pace("name", "walk")
        #expect(name.status == 0, "\(name.standardError)")
        #expect(
            name.standardOutput.hasPrefix("Named: ") && name.standardOutput.contains("walking"),
            "\(name.standardOutput)")
        // None is left unnamed: it says so, and names nothing.
        let again = try rig.daemon.pace("name", "walk")
        #expect(again.status == 65)
        #expect(again.standardError.contains("No bout sensed today is still unnamed"), "\(again.standardError)")
        #expect(try rig.events().filter { $0.type == "amended" }.count == 1)
        let renamed = try rig.call(PaceAPI.ListEvents.self, .init(day: nil)).events
        #expect(renamed.contains { $0.short == line.short && $0.text.hasPrefix("walk") }, "\(renamed.map(\.text))")
        #expect(abs(try rig.status().used - used) < 0.01)
        let files = try FileManager.default.contentsOfDirectory(atPath: rig.daemon.stateDirectory + "/heart-rate")
        #expect(files.count == 1)
        #expect(files.first?.hasSuffix(".hrm") == true)
        // Every minute read is there, for `pace export --heart-rate`.
        let export = try rig.daemon.pace("export", "--heart-rate")
        let rows = export.standardOutput.split(separator: "\r\n")
        #expect(rows.first == "start,minimum,maximum,mean,samples,samplesAbove,contactLost,threshold")
        #expect((1 + 11...1 + 13).contains(rows.count), "\(export.standardOutput)")
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix(",0,0,110") })
        // The report sums them a pacing day: every minute read, none above the threshold.
        let today = try rig.status().pacingDay
        let days = try rig.call(PaceAPI.GetHeartRateDays.self, .init(from: today, to: today)).days
        #expect(days == [PaceAPI.HeartRateDay(date: today, minutes: rows.count - 1, minutesAbove: 0)])
        let report = try rig.daemon.pace("report", "--html", "-")
        #expect(report.status == 0, "\(report.standardError)")
        #expect(report.standardOutput.contains("<th>heart rate min</th>"), "\(report.standardOutput)")
        #expect(report.standardOutput.contains(": \(rows.count - 1) min of heart rate, 0 above the threshold"))
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// 12 minutes in steps of 10 s, five readings a step: 1 quiet minute, 7 at 100 bpm (1.6 points a minute
    /// between resting 60 and the threshold 110), then quiet again; returns once the sensed bout is in the log.
    private static func feedSensedBout(_ rig: ReminderRig) async throws {
        try #require(await eventually { (try? Self.heartRate(rig).sensor) == "reading" }, "\(rig.standardError)")
        let bluez = try #require(rig.bluez)
        let quiet = [0, 1, 9, 10, 11]
        for step in 0..<72 {
            let minute = step / 6
            let rate = quiet.contains(minute) ? 62 : 100
            // The last reading of a step differs from the step before, so the daemon is seen to have read it.
            let last = rate + step % 2
            try bluez.notify(each: [
                [0x06, UInt8(rate)], [0x06, UInt8(rate)], [0x06, UInt8(rate)], [0x06, UInt8(rate)],
                [0x06, UInt8(last)],
            ])
            try #require(
                await eventually { (try? Self.heartRate(rig).beatsPerMinute) == last },
                "\(rig.standardError)")
            try rig.advance(seconds: 10)
        }
        try #require(
            await eventually { (try? rig.events().contains { $0.source == "sensed" }) == true }, "\(rig.standardError)")
    }

    /// After a sensed bout one notification asks what it was; a press names it as `pace edit ID --kind` would,
    /// keeping the points heart rate gave it.
    @Test func aSensedBoutIsNamedWithOnePress() async throws {
        let rig = try Self.rig(configuration: Self.heartRate + "resting = 60\n")
        try await Self.feedSensedBout(rig)
        let used = try rig.status().used
        try #require(
            await eventually { rig.notifies.contains { $0.summary?.hasPrefix("Your heart rate sensed ") == true } },
            "\(rig.standardError)")
        let question = try #require(rig.notifies.last { $0.summary?.hasPrefix("Your heart rate sensed ") == true })
        #expect(question.summary?.hasSuffix("). What was it?") == true)
        let actions = try #require(question.actions)
        #expect(actions.count == 4)
        let key = actions[0]
        let kind = String(key.dropFirst("kind:".count))
        #expect(key.hasPrefix("kind:"))
        try rig.press(key, on: question.id)
        #expect(
            await eventually {
                (try? rig.call(PaceAPI.ListEvents.self, .init(day: nil)).events)?.contains { $0.text.hasPrefix(kind) }
                    == true
            }, "\(rig.standardError)")
        #expect(try rig.events().filter { $0.type == "amended" }.count == 1)
        #expect(abs(try rig.status().used - used) < 0.01)
        // The question counts in the day's reminders, as a shown reminder of its own.
        #expect(try rig.shownReminders().filter { $0.reminder?.hasPrefix("sensed:") == true }.count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// A sensed bout recorded while do-not-disturb holds reminders is asked about once it ends (not dropped), once.
    @Test func theSensedBoutQuestionWaitsForDoNotDisturbToEnd() async throws {
        let rig = try Self.rig(configuration: Self.heartRate + "resting = 60\n")
        try #require(rig.server).control("SetInhibited", "b", "true")
        try #require(
            await eventually { !rig.lines(containing: "notification server holds notifications").isEmpty },
            "\(rig.standardError)")
        try await Self.feedSensedBout(rig)
        func asked() -> Int { rig.notifies.filter { $0.summary?.hasPrefix("Your heart rate sensed ") == true }.count }
        #expect(asked() == 0)
        #expect(try rig.shownReminders().isEmpty)
        try #require(rig.server).control("SetInhibited", "b", "false")
        try #require(
            await eventually { !rig.lines(containing: "notification server shows notifications again").isEmpty },
            "\(rig.standardError)")
        // Tried again a minute later.
        try rig.advance(seconds: 61)
        try #require(await eventually { asked() == 1 }, "\(rig.standardError)")
        let shown = try rig.shownReminders()
        #expect(shown.count == 1)
        #expect(shown.first?.reminder?.hasPrefix("sensed:") == true, "\(shown.map(\.reminder))")
        // Asked once: later changes bring no second question.
        try rig.advance(seconds: 61)
        try await Self.notify(rig, 64)
        #expect(asked() == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// A year of minutes comes back whole, a page at a time, and in order; kept minutes are exported even with the
    /// sensor no longer configured.
    @Test func aYearOfMinutesIsExportedPageByPage() throws {
        let rig = try ReminderRig(desktop: [], configuration: "", start: false)
        try FileManager.default.createDirectory(
            atPath: rig.daemon.stateDirectory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let stream = HeartRateStream(stateDirectory: rig.daemon.stateDirectory)
        // From 366 days ago: the year ends before the rig's clock (today, 12:00 UTC).
        let first = TestClock.todayUTC(hour: 0) / 60_000 - 366 * 1440
        // One minute an hour for a year: 8,760 minutes over 12 or 13 monthly files.
        let count = 365 * 24
        for hour in 0..<count {
            try stream.append(
                HeartRateMinute(
                    minute: first + Int64(hour) * 60, minimum: 60, maximum: 70, mean: 60 + hour % 40, samples: 60,
                    samplesAbove: 0, contactLost: 0, threshold: 0))
        }
        try rig.startDaemon()
        let page = try rig.call(PaceAPI.GetHeartRateMinutes.self, .init(from: nil, to: nil, after: nil))
        #expect(page.next != nil)
        #expect(page.minutes.count < count)
        let export = try rig.daemon.pace("export", "--heart-rate", "--format", "json")
        let lines = export.standardOutput.split(separator: "\n")
        #expect(lines.count == count, "\(export.standardError)")
        let starts = try lines.map { line in
            try JSONDecoder().decode(PaceAPI.HeartRateMinute.self, from: Data(line.utf8)).start
        }
        #expect(starts.first == Instant(secondsSinceEpoch: first * 60).rfc3339)
        #expect(starts == starts.sorted())
        #expect(Set(starts).count == count)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Without `[heart_rate] device`, the daemon never speaks to BlueZ.
    @Test func withoutADeviceNothingBluetoothHappens() async throws {
        let rig = try Self.rig(configuration: "")
        let reading = try Self.heartRate(rig)
        #expect(!reading.enabled)
        #expect(reading.sensor == "off")
        #expect(try rig.status().heartRate == nil)
        // A reminder round trip on the system bus's other client would not prove much; the daemon has run its
        // start-up (status answered) and BlueZ heard nothing from it, not even GetManagedObjects.
        _ = try rig.status()
        #expect(try #require(rig.bluez).calls().isEmpty)
        #expect(rig.daemon.stop() == .exited(0))
    }
}

/// The heart rate in the status line and in `pace hr`, from fixed replies.
@Suite struct HeartRateTextTests {
    static let reading = PaceAPI.HeartRate(
        enabled: true, sensor: "reading", sensorText: "reading", device: "A0:9E:1A:12:34:56",
        deviceName: "Polar H10 A1B2C3D4", batteryPercent: 87, beatsPerMinute: 118, readAt: "2026-11-25T13:05:00Z",
        contact: "detected", threshold: 110, thresholdBasis: "set by you (an exercise test)", zone: "above",
        secondsAbove: 75, restingBeatsPerMinute: 58, alertsToday: 1, rejectedFrames: 0)

    @Test func paceHRSaysTheReadingTheThresholdAndTheSensor() {
        #expect(
            HeartRateText.render(Self.reading) == [
                "Heart rate 118 bpm, above your 110 for 1 minute.",
                "Threshold 110 bpm, set by you (an exercise test).",
                "Sensor: reading, Polar H10 A1B2C3D4, battery 87 %.",
                "Alerts today: 1.",
            ])
        var lost = Self.reading
        lost.beatsPerMinute = nil
        lost.contact = "lost"
        #expect(HeartRateText.render(lost).first == "No heart rate: the sensor has lost skin contact.")
        #expect(HeartRateText.render(HeartRateMonitorReplies.off).first == "Heart rate is off.")
    }

    @Test func whySaysWhereTheThresholdComesFrom() {
        #expect(
            HeartRateText.why(Self.reading) == [
                "", "Heart rate: your threshold is 110 bpm, set by you (an exercise test).",
                "Resting heart rate 58 bpm. Minutes nothing typed covers count from heart rate.",
            ])
        #expect(HeartRateText.why(HeartRateMonitorReplies.off).isEmpty)
    }

    @Test func waybarShowsAHeartRateAboveTheThreshold() {
        var status = CLIFixtures.status()
        status.heartRate = PaceAPI.HeartRateNow(beatsPerMinute: 96, zone: "below", threshold: 110, sensor: "reading")
        let below = WaybarOutput.from(status, zone: CLIFixtures.zone)
        #expect(!below.class.contains("heart-rate-above"))
        #expect(!below.text.contains("heart rate"))
        #expect(below.tooltip.contains("heart rate 96"))
        status.heartRate?.beatsPerMinute = 121
        status.heartRate?.zone = "above"
        let above = WaybarOutput.from(status, zone: CLIFixtures.zone)
        #expect(above.class.last == "heart-rate-above")
        #expect(above.text.hasSuffix(" · heart rate 121"))
    }

    @Test func doctorSaysWhatPacedSeesOfTheSensor() {
        let reading = DoctorCheck.heartRateResult(Self.reading)
        #expect(reading.outcome == .passed)
        #expect(reading.detail == "reading heart rate from Polar H10 A1B2C3D4, battery 87 %")
        // Malformed frames are counted past the journal's 20 lines, and the count is shown.
        var dropping = Self.reading
        dropping.rejectedFrames = 25
        #expect(
            DoctorCheck.heartRateResult(dropping).detail
                == "reading heart rate from Polar H10 A1B2C3D4, battery 87 %; 25 malformed frames dropped "
                + "(the journal has a line for each of the first 20 since the sensor connected)")
        #expect(
            HeartRateText.render(dropping).last
                == "Frames dropped as malformed: 25 (the journal has a line for each of the first 20 since the sensor "
                + "connected).")
        var off = Self.reading
        off.sensor = "adapterOff"
        #expect(DoctorCheck.heartRateResult(off).outcome == .warning)
        #expect(DoctorCheck.heartRateResult(off).fix?.contains("bluetoothctl power on") == true)
        off.sensor = "noBluetooth"
        #expect(DoctorCheck.heartRateResult(off).fix == "start it: `systemctl start bluetooth`")
    }

    @Test func theStatusLineShowsTheHeartRateWhenThereIsOne() {
        var status = CLIFixtures.status()
        let zone = CLIFixtures.zone
        let plain = StatusText.words(status, zone: zone, settings: .plainUnicode)
        #expect(!plain.contains { $0.hasPrefix("heart rate") })
        status.heartRate = PaceAPI.HeartRateNow(beatsPerMinute: 96, zone: "below", threshold: 110, sensor: "reading")
        #expect(StatusText.words(status, zone: zone, settings: .plainUnicode).last == "heart rate 96")
        status.heartRate?.beatsPerMinute = 118
        status.heartRate?.zone = "above"
        #expect(
            StatusText.words(status, zone: zone, settings: .plainUnicode).last
                == "heart rate 118, above your 110")
    }
}

/// A `GetHeartRate` reply with heart rate off, as a daemon without `[heart_rate] device` answers.
enum HeartRateMonitorReplies {
    static let off = PaceAPI.HeartRate(
        enabled: false, sensor: "off", sensorText: "off", device: nil, deviceName: nil, batteryPercent: nil,
        beatsPerMinute: nil, readAt: nil, contact: nil, threshold: nil, thresholdBasis: nil, zone: "below",
        secondsAbove: 0, restingBeatsPerMinute: nil, alertsToday: 0, rejectedFrames: 0)
}
