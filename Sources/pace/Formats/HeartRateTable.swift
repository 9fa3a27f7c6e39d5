import PaceProtocol

/// `pace export --heart-rate` as CSV: one row a minute, the fields of `GetHeartRateMinutes`.
enum HeartRateTable {
    static let columns = [
        "start", "minimum", "maximum", "mean", "samples", "samplesAbove", "contactLost", "threshold",
    ]

    static func row(_ minute: PaceAPI.HeartRateMinute) -> String {
        CSV.row([
            minute.start, "\(minute.minimum)", "\(minute.maximum)", "\(minute.mean)", "\(minute.samples)",
            "\(minute.samplesAbove)", "\(minute.contactLost)", "\(minute.threshold)",
        ])
    }
}
