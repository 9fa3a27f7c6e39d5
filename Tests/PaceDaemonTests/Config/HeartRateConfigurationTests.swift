import PaceCore
import PaceDaemon
import Testing

/// `[heart_rate]`: opt-in, the sensor named by address or "auto", and the numbers the threshold comes from.
@Suite struct HeartRateConfigurationTests {
    private let file = "/home/ana/.config/pace/config.toml"

    @Test func heartRateIsOffUnlessADeviceIsNamed() throws {
        #expect(Configuration().heartRate.device == nil)
        #expect(!Configuration().heartRate.isEnabled)
        let configured = try ConfigurationFile.parse("[heart_rate]\nage = 45\n", file: file)
        #expect(!configured.heartRate.isEnabled)
        let off = try ConfigurationFile.parse("[heart_rate]\ndevice = \"off\"\n", file: file)
        #expect(off.heartRate.device == nil)
    }

    @Test func everyKeyReachesTheSettings() throws {
        let text = """
            [heart_rate]
            device = "a0:9e:1a:12:34:5f"
            threshold = 104
            age = 45
            age_factor = 0.55
            resting = 58
            alert_after = "1m"
            alert_gap = "15m"
            alerts_per_day = 3
            hysteresis = 4
            """
        let settings = try ConfigurationFile.parse(text, file: file).heartRate
        #expect(settings.device == .address("A0:9E:1A:12:34:5F"))
        #expect(settings.thresholdBeatsPerMinute == 104)
        #expect(settings.age == 45)
        #expect(settings.ageFactor == 0.55)
        #expect(settings.restingBeatsPerMinute == 58)
        #expect(settings.alertAfterSeconds == 60)
        #expect(settings.alertGapMinutes == 15)
        #expect(settings.alertsPerDay == 3)
        #expect(settings.hysteresisBeatsPerMinute == 4)
        let automatic = try ConfigurationFile.parse("[heart_rate]\ndevice = \"auto\"\n", file: file)
        #expect(automatic.heartRate.device == .automatic)
    }

    @Test func theWordsForNoneLeaveTheDefaults() throws {
        let text = "[heart_rate]\nthreshold = \"estimate\"\nage = \"unknown\"\nresting = \"learn\"\n"
        #expect(try ConfigurationFile.parse(text, file: file) == Configuration())
    }

    @Test(arguments: [
        ("[heart_rate]\ndevice = \"AA:BB:CC:DD:EE\"\n", "a Bluetooth address"),
        ("[heart_rate]\ndevice = \"AA:BB:CC:DD:EE:GG\"\n", "a Bluetooth address"),
        ("[heart_rate]\ndevice = \"AABBCCDDEEFF\"\n", "a Bluetooth address"),
        ("[heart_rate]\ndevice = true\n", "a Bluetooth address"),
        ("[heart_rate]\nthreshold = 300\n", "from 60 to 220, or \"estimate\""),
        ("[heart_rate]\nage = 5\n", "from 10 to 110"),
        ("[heart_rate]\nage_factor = 0.9\n", "from 0.5 to 0.7"),
        ("[heart_rate]\nresting = \"low\"\n", "or \"learn\""),
        ("[heart_rate]\nalert_after = \"2s\"\n", "a duration from 10s"),
        ("[heart_rate]\ndevise = \"auto\"\n", "did you mean device?"),
    ])
    func badValuesAreNamed(text: String, message: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try ConfigurationFile.parse(text, file: file) }
        #expect(error.description.contains(message), "\(error.description)")
        #expect(error.problems.first?.line == 2)
    }
}
