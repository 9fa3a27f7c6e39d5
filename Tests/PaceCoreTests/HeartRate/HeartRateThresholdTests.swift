import Testing

@testable import PaceCore

/// Where the threshold comes from: set, else age, else resting + 15, else none.
@Suite struct HeartRateThresholdTests {
    @Test func aSetThresholdWinsOverEveryEstimate() {
        var settings = HeartRateSettings()
        settings.thresholdBeatsPerMinute = 104
        settings.age = 45
        settings.restingBeatsPerMinute = 60
        let threshold = HeartRateThreshold.resolve(settings, learnedResting: 55)
        #expect(threshold == HeartRateThreshold(beatsPerMinute: 104, basis: .set))
        #expect(threshold?.explanation == "set by you (an exercise test)")
    }

    @Test func ageGivesWorkwellsEstimate() {
        var settings = HeartRateSettings()
        settings.age = 45
        settings.restingBeatsPerMinute = 60
        let threshold = HeartRateThreshold.resolve(settings)
        #expect(threshold?.beatsPerMinute == 105)  // 0.6 × 175
        #expect(threshold?.explanation == "estimated as 0.6 × (220 − 45), your age")
        settings.ageFactor = 0.55
        #expect(HeartRateThreshold.resolve(settings)?.beatsPerMinute == 96)  // 0.55 × 175 = 96.25
        #expect(HeartRateThreshold.resolve(settings)?.explanation == "estimated as 0.55 × (220 − 45), your age")
    }

    @Test func restingPlusFifteenWhenNoAge() {
        var settings = HeartRateSettings()
        #expect(HeartRateThreshold.resolve(settings) == nil)
        #expect(HeartRateThreshold.resolve(settings, learnedResting: 58)?.beatsPerMinute == 73)
        #expect(HeartRateThreshold.resolve(settings, learnedResting: 58)?.explanation.contains("(learned)") == true)
        settings.restingBeatsPerMinute = 62
        let threshold = HeartRateThreshold.resolve(settings, learnedResting: 58)
        #expect(threshold == HeartRateThreshold(beatsPerMinute: 77, basis: .resting(62, learned: false)))
    }

    @Test func deviceAddressesAreReadInEitherCase() {
        #expect(HeartRateSettings.Device(configText: "auto") == .automatic)
        #expect(HeartRateSettings.Device(configText: "a0:9e:1a:12:34:5f") == .address("A0:9E:1A:12:34:5F"))
        for bad in ["", "AUTO", "A0:9E:1A:12:34", "A0:9E:1A:12:34:5F:00", "A0-9E-1A-12-34-5F", "A0:9E:1A:12:34:5G"] {
            #expect(HeartRateSettings.Device(configText: bad) == nil, "\(bad)")
        }
    }
}
