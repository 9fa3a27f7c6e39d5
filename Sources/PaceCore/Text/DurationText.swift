/// Durations in the short words people read at a glance: `45 s`, `12 min`, `1 h 05 min`, `3 d 2 h`.
package enum DurationText {
    /// Describes a non-negative number of seconds; negative values read as zero.
    package static func describe(seconds: Int64) -> String {
        let seconds = max(0, seconds)
        switch seconds {
        case ..<60:
            return "\(seconds) s"
        case ..<3600:
            return "\(seconds / 60) min"
        case ..<86_400:
            let minutes = seconds / 60 % 60
            return minutes == 0 ? "\(seconds / 3600) h" : "\(seconds / 3600) h \(pad(Int(minutes), 2)) min"
        default:
            let hours = seconds / 3600 % 24
            return hours == 0 ? "\(seconds / 86_400) d" : "\(seconds / 86_400) d \(hours) h"
        }
    }
}
