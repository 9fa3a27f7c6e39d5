/// What opening the log found: how much it read, and every problem it dealt with on the way.
///
/// Opening never fails because of damaged data; it reports it here instead. The daemon logs ``issues`` (one
/// line each) and `pace doctor` shows them.
package struct RecoveryReport: Sendable, Equatable {
    /// The log directory.
    package var directory: String
    /// How many segment files the log has.
    package var segmentCount: Int
    /// How many records can be read.
    package var recordCount: Int
    /// Everything found and dealt with, in file order.
    package var issues: [RecoveryIssue]
    /// Why appends are refused, when they are (a segment from a newer Pace).
    package var appendRefusal: String?

    package init(
        directory: String,
        segmentCount: Int = 0,
        recordCount: Int = 0,
        issues: [RecoveryIssue] = [],
        appendRefusal: String? = nil
    ) {
        self.directory = directory
        self.segmentCount = segmentCount
        self.recordCount = recordCount
        self.issues = issues
        self.appendRefusal = appendRefusal
    }

    /// Whether the log opened without finding anything to report.
    package var isClean: Bool { issues.isEmpty && appendRefusal == nil }

    /// Whether recorded data may be missing or unreadable (as opposed to routine repairs after a crash).
    package var foundDamage: Bool { issues.contains(where: \.isDamage) }

    /// One line: `read 1234 events from 12 segments in /…/log (2 problems, see below)`.
    package var summary: String {
        let events = "\(recordCount) event\(recordCount == 1 ? "" : "s")"
        let segments = "\(segmentCount) segment\(segmentCount == 1 ? "" : "s")"
        let problems =
            issues.isEmpty ? "" : " (\(issues.count) thing\(issues.count == 1 ? "" : "s") found and dealt with)"
        return "read \(events) from \(segments) in \(directory)\(problems)"
    }
}
