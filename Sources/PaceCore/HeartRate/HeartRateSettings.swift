/// What the person set under `[heart_rate]`: which sensor, and the numbers heart-rate pacing goes by.
///
/// Heart rate is opt-in: with no ``device`` nothing Bluetooth happens. These settings are not part of the
/// fold's ``PaceSettings``: a sensor or a threshold changed on a reload never asks for a replay of the log.
package struct HeartRateSettings: Sendable, Equatable {
    /// Which sensor to read.
    package enum Device: Sendable, Equatable, CustomStringConvertible {
        /// The paired device with this Bluetooth address (upper case, `AA:BB:CC:DD:EE:FF`).
        case address(String)
        /// The first connected device that offers the Heart Rate Service (0x180D).
        case automatic

        package var description: String {
            switch self {
            case .address(let address): address
            case .automatic: "auto"
            }
        }

        /// Reads `"auto"` or a Bluetooth address in either case with `:` between its six bytes.
        package init?(configText text: String) {
            if text == "auto" {
                self = .automatic
                return
            }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6,
                parts.allSatisfy({ $0.utf8.count == 2 && $0.utf8.allSatisfy(\.isASCIIHexDigit) })
            else { return nil }
            self = .address(text.uppercased())
        }
    }

    /// The sensor; `nil` (the default): heart rate is off.
    package var device: Device?
    /// The threshold from an exercise test (two-day CPET), in bpm; when set, it is the threshold.
    package var thresholdBeatsPerMinute: Int?
    /// The person's age in years, for the estimate ``ageFactor`` × (220 − age).
    package var age: Int?
    /// The share of the age-predicted maximum that estimates the threshold (Workwell: 0.55–0.6).
    package var ageFactor = 0.6
    /// Resting heart rate set by the person, in bpm; without it, the one learned from quiet readings.
    package var restingBeatsPerMinute: Int?
    /// Heart rate above the threshold this long (continuously) raises the alert.
    package var alertAfterSeconds = 30
    /// At least this long between two heart-rate alerts (other reminders' gap does not hold them).
    package var alertGapMinutes = 10
    /// At most this many heart-rate alerts in a pacing day.
    package var alertsPerDay = 6
    /// How far below the threshold the heart rate must fall before it counts as below again, so a rate that
    /// wavers around the line (110 ↔ 111) never flips anything.
    package var hysteresisBeatsPerMinute = 5
    /// Whether the quiet hours (`[reminders] quiet_hours`) hold the alert, as they hold every reminder.
    package var alertHeldInQuietHours = true
    /// Whether the notification server's do-not-disturb holds the alert, as it holds every reminder.
    package var alertHeldByDoNotDisturb = true
    /// Heart-rate minutes are kept for this many months (the current one counting), then removed a month at a time.
    package var keepMonths = 13
    /// Whether the sensor's notifications are read as D-Bus signals, which other programs can read too, instead of on
    /// a socket of paced's own (BlueZ's `AcquireNotify`), which costs a tenth as much a reading but keeps the
    /// notifications from every other program while paced holds it.
    package var sharesSensor = false

    package init() {}

    /// Whether heart rate is on.
    package var isEnabled: Bool { device != nil }
}

extension UInt8 {
    /// `0`–`9`, `a`–`f`, `A`–`F`.
    var isASCIIHexDigit: Bool {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default: false
        }
    }
}
