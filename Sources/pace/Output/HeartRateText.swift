import PaceProtocol

/// `pace hr` in words.
enum HeartRateText {
    static func render(_ heartRate: PaceAPI.HeartRate) -> [String] {
        guard heartRate.enabled else {
            return [
                "Heart rate is off.",
                "To pace by heart rate, pair a Bluetooth heart-rate sensor and set [heart_rate] device in the config "
                    + "file (its address, or \"auto\").",
            ]
        }
        var lines: [String] = []
        if let rate = heartRate.beatsPerMinute {
            var line = "Heart rate \(rate) bpm"
            if let threshold = heartRate.threshold {
                line += heartRate.zone == "above" ? ", above your \(threshold)" : ", below your \(threshold)"
                if heartRate.secondsAbove > 0 { line += " for \(DurationWords.seconds(heartRate.secondsAbove))" }
            }
            lines.append(line + ".")
        } else if heartRate.contact == "lost" {
            lines.append("No heart rate: the sensor has lost skin contact.")
        } else {
            lines.append("No heart rate yet.")
        }
        if let threshold = heartRate.threshold, let basis = heartRate.thresholdBasis {
            lines.append("Threshold \(threshold) bpm, \(basis).")
        } else {
            lines.append("No threshold: set [heart_rate] threshold, age or resting in the config file.")
        }
        var sensor = "Sensor: \(heartRate.sensorText)"
        if let name = heartRate.deviceName ?? heartRate.device { sensor += ", \(name)" }
        if let battery = heartRate.batteryPercent { sensor += ", battery \(battery) %" }
        lines.append(sensor + ".")
        if heartRate.alertsToday > 0 {
            lines.append("Alerts today: \(heartRate.alertsToday).")
        }
        if heartRate.rejectedFrames > 0 {
            lines.append("Frames dropped as malformed: \(heartRate.rejectedFrames) (\(HeartRateText.journalNote)).")
        }
        return lines
    }
}

extension HeartRateText {
    /// Where the dropped frames are told: paced writes a journal line for each of the first 20 of a connection
    /// (`HeartRateSensor.maximumFrameLines`), then counts them.
    static let journalNote = "the journal has a line for each of the first 20 since the sensor connected"

    /// What `pace why` adds with a heart-rate sensor configured: the threshold and where it comes from, and the
    /// resting heart rate; nothing without a sensor.
    static func why(_ heartRate: PaceAPI.HeartRate) -> [String] {
        guard heartRate.enabled else { return [] }
        var lines = [""]
        if let threshold = heartRate.threshold, let basis = heartRate.thresholdBasis {
            lines.append("Heart rate: your threshold is \(threshold) bpm, \(basis).")
        } else {
            lines.append("Heart rate: no threshold yet; set [heart_rate] threshold, age or resting.")
        }
        if let resting = heartRate.restingBeatsPerMinute {
            lines.append("Resting heart rate \(resting) bpm. Minutes nothing typed covers count from heart rate.")
        }
        return lines
    }
}

/// Durations as the heart-rate lines say them.
enum DurationWords {
    static func seconds(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        let minutes = seconds / 60
        return minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }
}
