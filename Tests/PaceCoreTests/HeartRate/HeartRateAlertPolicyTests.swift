import PropertyBased
import Testing

@testable import PaceCore

/// Hysteresis, the minimum time above, and the alert's own gap and cap.
@Suite struct HeartRateAlertPolicyTests {
    static let start = Instant(rfc3339: "2026-12-07T10:00:00Z")!
    static let day = CivilDate(year: 2026, month: 12, day: 7)
    static let settings = HeartRateSettings()

    /// Feeds one reading a second from `start + offset` seconds and returns the alerts that came due (each taken).
    static func run(
        _ policy: inout HeartRateAlertPolicy, _ rates: [Int?], from offset: Int64 = 0, threshold: Int = 110,
        settings: HeartRateSettings = settings
    ) -> [(second: Int64, alert: HeartRateAlert)] {
        var alerts: [(Int64, HeartRateAlert)] = []
        for (index, rate) in rates.enumerated() {
            let second = offset + Int64(index)
            let now = start.adding(seconds: second)
            policy.observe(rate, at: now, threshold: threshold, settings: settings)
            if let alert = policy.dueAlert(at: now, day: day, threshold: threshold, settings: settings) {
                alerts.append((second, alert))
                policy.alerted(at: now, day: day)
            }
        }
        return alerts
    }

    @Test func thirtySecondsAboveRaisesOneAlert() {
        var policy = HeartRateAlertPolicy()
        let alerts = Self.run(&policy, Array(repeating: 100, count: 10) + Array(repeating: 118, count: 90))
        #expect(alerts.map(\.second) == [40])
        #expect(alerts.first?.alert == HeartRateAlert(beatsPerMinute: 118, threshold: 110, secondsAbove: 30))
        #expect(alerts.first?.alert.title == "Heart rate 118 for 30 seconds, above your 110: slow down or sit")
        #expect(HeartRateAlert(beatsPerMinute: 118, threshold: 110, secondsAbove: 75).title.contains("for a minute"))
    }

    @Test func lessThanTheMinimumTimeAboveRaisesNothing() {
        var policy = HeartRateAlertPolicy()
        let rates =
            [Int?](repeating: 120, count: 29) + [Int?](repeating: 95, count: 30) + [Int?](repeating: 120, count: 29)
        #expect(Self.run(&policy, rates).isEmpty)
    }

    /// 110 ↔ 111 and dips that stay within the hysteresis are one stretch above, never a flip.
    @Test func aRateWaveringAroundTheLineIsOneStretch() {
        var policy = HeartRateAlertPolicy()
        let rates: [Int?] = (0..<60).map { $0.isMultiple(of: 2) ? 111 : 107 }
        let alerts = Self.run(&policy, rates)
        #expect(alerts.map(\.second) == [30])
        #expect(policy.zone == .above)
        // Falling to the threshold minus the hysteresis ends it.
        _ = Self.run(&policy, [105], from: 60)
        #expect(policy.zone == .below)
    }

    @Test func contactLostOrAGapInReadingsEndsTheStretch() {
        var policy = HeartRateAlertPolicy()
        var rates = [Int?](repeating: 120, count: 20) + [nil] + [Int?](repeating: 120, count: 20)
        #expect(Self.run(&policy, rates).isEmpty)
        policy = HeartRateAlertPolicy()
        _ = Self.run(&policy, [Int?](repeating: 120, count: 20))
        rates = [Int?](repeating: 120, count: 20)
        #expect(Self.run(&policy, rates, from: 20 + HeartRateAlertPolicy.maximumReadingGapSeconds + 1).isEmpty)
    }

    @Test func alertsKeepTheirOwnGapAndDailyCap() {
        var settings = HeartRateSettings()
        settings.alertGapMinutes = 10
        settings.alertsPerDay = 2
        var policy = HeartRateAlertPolicy()
        // Stretches of 40 s above, one every 2 minutes, for an hour.
        var alerts: [Int64] = []
        for stretch in 0..<30 {
            let offset = Int64(stretch) * 120
            let rates = [Int?](repeating: 125, count: 40) + [Int?](repeating: 90, count: 80)
            alerts += Self.run(&policy, rates, from: offset, settings: settings).map(\.second)
        }
        #expect(alerts == [30, 600 + 30])
        #expect(policy.alerts(on: Self.day) == 2)
    }

    @Test func withoutAThresholdNothingIsAbove() {
        var policy = HeartRateAlertPolicy()
        policy.observe(180, at: Self.start, threshold: nil, settings: Self.settings)
        #expect(policy.zone == .below)
        #expect(
            policy.dueAlert(at: Self.start.adding(seconds: 60), day: Self.day, threshold: nil, settings: Self.settings)
                == nil)
    }

    /// Whatever the readings: never more alerts than the cap, never two closer than the gap, and each after at
    /// least the minimum time above, at a reading above the threshold minus the hysteresis.
    @Test func alertsAreFewSpacedAndEarned() async {
        let readings = Gen<Int>.int(in: 60...160).array(of: 1...20).array(of: 1...40)
        await propertyCheck(count: 200, input: readings) { runs in
            var policy = HeartRateAlertPolicy()
            var settings = HeartRateSettings()
            settings.alertGapMinutes = 1
            settings.alertsPerDay = 4
            let rates = runs.flatMap { run in run.flatMap { [Int?](repeating: $0, count: 12) } }
            let alerts = Self.run(&policy, rates, settings: settings)
            #expect(alerts.count <= 4)
            for (earlier, later) in zip(alerts, alerts.dropFirst()) { #expect(later.second - earlier.second >= 60) }
            for (_, alert) in alerts {
                #expect(alert.secondsAbove >= 30)
                #expect(alert.beatsPerMinute > 110 - settings.hysteresisBeatsPerMinute)
            }
        }
    }
}
