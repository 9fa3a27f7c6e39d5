/// The study's results as the plain-text tables `pace-sim study` prints.
struct StudyReport {
    var results: StudyResults
    var criteria: PassCriteria

    /// The whole report: grid, trend scenarios, sanity checks and pass criteria.
    var text: String {
        var lines: [String] = []
        lines.append(
            "Simulated-patient study (ENVELOPE.md C): seed \(results.seed), \(results.patients) patients per cell, "
                + "\(PatientRun.calibrationDays) calibration + \(PatientRun.scoredDays) scored days")
        lines.append("c = reminder compliance, m = share of check-ins missing; intervals are paired, same patients.")
        lines.append("")
        lines.append("Stable capacity")
        lines += table(results.grid)
        lines.append("")
        lines.append("Trend scenarios (m = \(format(Study.trendMissing, 1)))")
        lines += table(results.trends)
        lines.append("")
        lines.append("Pass criteria")
        for verdict in criteria.verdicts {
            lines.append("\(verdict.number). \(verdict.passed ? "PASS" : "FAIL")  \(verdict.title)")
            for detail in verdict.details { lines.append("     \(detail)") }
        }
        lines.append("")
        lines.append(criteria.allPassed ? "All six criteria pass." : "Some criteria FAIL.")
        return lines.joined(separator: "\n")
    }

    private static let header = [
        "trend", "c", "m", "policy", "flare d/90", "vs fixed [95% CI]", "oracle gain", "CV", "boom d/90",
        "load % fixed", "load/day", "reminders/d", "|E-K|/K",
    ]

    private func table(_ cells: [CellSummary]) -> [String] {
        var rows = [Self.header]
        for cell in cells {
            let versus = cell.versusFixed.map {
                "\(signed($0.mean)) [\(signed($0.low)), \(signed($0.high))]"
            }
            let budgeted = cell.policy != .none
            rows.append([
                cell.scenario.trend.rawValue, format(cell.scenario.compliance, 1), format(cell.scenario.missing, 1),
                cell.policy.rawValue, format(cell.flareDays, 1), versus ?? "",
                cell.policy == .adaptive ? cell.oracleShare.map { "\(format(100 * $0, 0)) %" } ?? "n/a" : "",
                format(cell.loadCV, 3), format(cell.boomDays, 1),
                cell.loadShareOfFixed.map { format(100 * $0, 1) } ?? "", format(cell.dailyLoad, 1),
                budgeted ? format(cell.remindersPerDay, 2) : "", budgeted ? format(cell.trackingError, 2) : "",
            ])
        }
        var widths = [Int](repeating: 0, count: Self.header.count)
        for row in rows {
            for (index, field) in row.enumerated() { widths[index] = max(widths[index], field.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, field in
                let padding = String(repeating: " ", count: widths[index] - field.count)
                return index < 4 ? field + padding : padding + field
            }.joined(separator: "  ")
        }
    }

    private func signed(_ value: Double) -> String {
        value >= 0 ? "+" + format(value, 2) : format(value, 2)
    }
}
