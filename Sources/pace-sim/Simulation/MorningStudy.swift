import PaceCore

/// The morning reading's study (issue 15): does letting a simulated morning reading move the budget on days
/// without an energy rating help? For each link of the reading to true capacity, each compliance and each
/// missing-data level: the adaptive envelope without the reading, with it combined with the faded last rating,
/// and with it alone, each against the fixed budget and the oracle on the same patients.
struct MorningStudy: Sendable {
    var study: Study
    var rule = MorningRule()
    static let links = [0.3, 0.5]
    static let missingRates = [0.2, 0.4, 0.7]

    /// One cell: flare days and the share of the oracle's gain for each policy.
    struct Row: Sendable {
        var link: Double
        var scenario: Scenario
        var adaptive: CellSummary
        var combined: CellSummary
        var alone: CellSummary
        /// Paired difference in flare days, with the reading combined minus without it.
        var combinedVersusAdaptive: PairedDifference
    }

    func run(compliances: [Double] = Study.judgedCompliances, links: [Double] = links, missing: [Double] = missingRates)
        -> [Row]
    {
        var rows: [Row] = []
        for compliance in compliances {
            for rate in missing {
                let scenario = Scenario(compliance: compliance, missing: rate)
                let fixed = study.outcomes(scenario, .fixed)
                let oracle = study.outcomes(scenario, .oracle)
                let adaptive = study.outcomes(scenario, .adaptive)
                for link in links {
                    let model = MorningModel(link: link)
                    let combined = study.outcomes(scenario, .morningCombined, morning: model, rule: rule)
                    let alone = study.outcomes(scenario, .morningAlone, morning: model, rule: rule)
                    func summary(_ policy: Policy, _ outcomes: [PatientOutcome]) -> CellSummary {
                        CellSummary(
                            scenario: scenario, policy: policy, outcomes: outcomes, fixed: fixed, oracle: oracle)
                    }
                    rows.append(
                        Row(
                            link: link, scenario: scenario, adaptive: summary(.adaptive, adaptive),
                            combined: summary(.morningCombined, combined), alone: summary(.morningAlone, alone),
                            combinedVersusAdaptive: PairedDifference(
                                zip(combined, adaptive).map { Double($0.flareDays - $1.flareDays) })))
                }
            }
        }
        return rows
    }

    /// The two criteria: with the reading combined, flare days at or below the envelope's without it in every
    /// cell, and the share of the oracle's gain higher than without it in every cell (all have missing check-ins).
    static func verdict(_ rows: [Row]) -> (flaresHeld: Bool, shareRose: Bool) {
        let held = rows.allSatisfy { $0.combined.flareDays <= $0.adaptive.flareDays }
        let rose = rows.allSatisfy { ($0.combined.oracleShare ?? -1) > ($0.adaptive.oracleShare ?? -1) }
        return (held, rose)
    }

    /// The table docs/envelope.md shows (Markdown).
    static func table(_ rows: [Row]) -> [String] {
        func number(_ value: Double?, _ digits: Int = 2) -> String {
            guard let value else { return "n/a" }
            let scale = digits == 0 ? 1.0 : (digits == 1 ? 10.0 : 100.0)
            let rounded = (value * scale).rounded() / scale
            return digits == 0 ? "\(Int(rounded))" : "\(rounded)"
        }
        func share(_ value: Double?) -> String { value.map { "\(number(100 * $0, 0)) %" } ?? "n/a" }
        var lines = [
            "| link | compliance | missing | flare days: envelope | + reading (combined) | reading alone "
                + "| combined − envelope (95 % CI) | oracle share: envelope | combined | alone | daily load: envelope | combined |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in rows {
            let difference = row.combinedVersusAdaptive
            lines.append(
                "| \(row.link) | \(row.scenario.compliance) | \(row.scenario.missing) | \(number(row.adaptive.flareDays)) "
                    + "| \(number(row.combined.flareDays)) | \(number(row.alone.flareDays)) "
                    + "| \(number(difference.mean)) (\(number(difference.low)) to \(number(difference.high))) "
                    + "| \(share(row.adaptive.oracleShare)) | \(share(row.combined.oracleShare)) "
                    + "| \(share(row.alone.oracleShare)) | \(number(row.adaptive.dailyLoad, 1)) "
                    + "| \(number(row.combined.dailyLoad, 1)) |")
        }
        return lines
    }
}
