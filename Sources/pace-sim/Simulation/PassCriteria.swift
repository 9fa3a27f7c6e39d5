/// The six pass criteria of ENVELOPE.md section C, judged on a study's results.
struct PassCriteria: Sendable {
    /// One criterion: passed or not, and the numbers that decided it.
    struct Verdict: Sendable {
        var number: Int
        var title: String
        var passed: Bool
        var details: [String]
    }

    var verdicts: [Verdict]

    /// Every criterion passed.
    var allPassed: Bool { verdicts.allSatisfy(\.passed) }

    init(_ results: StudyResults) {
        var verdicts: [Verdict] = []
        let cells = Study.judgedCompliances.flatMap { c in
            Study.missingRates.map { Scenario(compliance: c, missing: $0) }
        }
        func pair(_ scenario: Scenario) -> (adaptive: CellSummary, fixed: CellSummary, none: CellSummary)? {
            guard let adaptive = results.summary(.adaptive, scenario), let fixed = results.summary(.fixed, scenario),
                let none = results.summary(.none, scenario)
            else { return nil }
            return (adaptive, fixed, none)
        }
        func cellName(_ s: Scenario) -> String { "c=\(format(s.compliance, 1)) m=\(format(s.missing, 1))" }

        // 1. Fewer flare days than fixed (upper 95 % bound ≤ 0) and than no pacing, in every cell.
        var details: [String] = []
        var passed = true
        for scenario in cells {
            guard let p = pair(scenario), let difference = p.adaptive.versusFixed else {
                passed = false
                continue
            }
            let ok = difference.high <= 0 && p.adaptive.flareDays < p.none.flareDays
            passed = passed && ok
            details.append(
                "\(cellName(scenario)): adaptive − fixed \(format(difference.mean, 2)) [\(format(difference.low, 2)), "
                    + "\(format(difference.high, 2))], adaptive \(format(p.adaptive.flareDays, 1)) vs none "
                    + "\(format(p.none.flareDays, 1))\(ok ? "" : "  FAIL")")
        }
        verdicts.append(
            Verdict(number: 1, title: "flare days: adaptive ≤ fixed and < no pacing", passed: passed, details: details))

        // 2. At c ≥ 0.7 the envelope captures ≥ 25 % of the oracle's gain.
        details = []
        passed = true
        for scenario in cells where scenario.compliance >= 0.7 {
            let share = results.summary(.adaptive, scenario)?.oracleShare ?? -1
            let ok = share >= 0.25
            passed = passed && ok
            details.append(
                "\(cellName(scenario)): \(format(100 * share, 0)) % of the oracle's gain\(ok ? "" : "  FAIL")")
        }
        verdicts.append(
            Verdict(number: 2, title: "c ≥ 0.7: ≥ 25 % of the oracle's gain", passed: passed, details: details))

        // 3. Declining: fewer flare days than fixed; improving: late load ≥ 98 % of fixed's.
        details = []
        passed = true
        for compliance in Study.judgedCompliances {
            let declining = Scenario(compliance: compliance, missing: Study.trendMissing, trend: .declining)
            let improving = Scenario(compliance: compliance, missing: Study.trendMissing, trend: .improving)
            if let a = results.summary(.adaptive, declining), let f = results.summary(.fixed, declining) {
                let ok = a.flareDays < f.flareDays
                passed = passed && ok
                details.append(
                    "declining c=\(format(compliance, 1)): \(format(a.flareDays, 1)) vs fixed \(format(f.flareDays, 1))"
                        + (ok ? "" : "  FAIL"))
            } else {
                passed = false
            }
            if let a = results.summary(.adaptive, improving), let share = a.lateLoadShareOfFixed {
                let ok = share >= 0.98
                passed = passed && ok
                details.append(
                    "improving c=\(format(compliance, 1)): load days 61–90 \(format(100 * share, 1)) % of fixed"
                        + (ok ? "" : "  FAIL"))
            } else {
                passed = false
            }
        }
        verdicts.append(
            Verdict(
                number: 3, title: "trends: declining fewer flares, improving keeps load", passed: passed,
                details: details))

        // 4. Load ≥ 95 % of fixed; CV ≤ fixed's + 0.05.
        details = []
        passed = true
        for scenario in cells {
            guard let p = pair(scenario), let share = p.adaptive.loadShareOfFixed else {
                passed = false
                continue
            }
            let ok = share >= 0.95 && p.adaptive.loadCV <= p.fixed.loadCV + 0.05
            passed = passed && ok
            details.append(
                "\(cellName(scenario)): load \(format(100 * share, 1)) % of fixed, CV \(format(p.adaptive.loadCV, 3)) "
                    + "vs \(format(p.fixed.loadCV, 3))\(ok ? "" : "  FAIL")")
        }
        verdicts.append(
            Verdict(number: 4, title: "load ≥ 95 % of fixed, CV ≤ fixed + 0.05", passed: passed, details: details))

        // 5. ≤ 6 reminders a day on average.
        details = []
        passed = true
        for scenario in cells {
            let perDay = results.summary(.adaptive, scenario)?.remindersPerDay ?? .infinity
            let ok = perDay <= 6
            passed = passed && ok
            details.append("\(cellName(scenario)): \(format(perDay, 2)) a day\(ok ? "" : "  FAIL")")
        }
        verdicts.append(Verdict(number: 5, title: "≤ 6 reminders a day", passed: passed, details: details))

        // 6. Sanity.
        let sanity = results.sanity
        verdicts.append(
            Verdict(
                number: 6, title: "sanity: c = 0 equals no pacing; no check-ins, no growth",
                passed: sanity.ignoredEqualsNone && sanity.patientsWhoseBaseGrewWithoutCheckIns == 0,
                details: [
                    "c=0: adaptive \(sanity.ignoredEqualsNone ? "identical to" : "DIFFERS from") no pacing for every patient",
                    "every check-in missing: \(sanity.patientsWhoseBaseGrewWithoutCheckIns) patients' base grew above its start",
                ]))
        self.verdicts = verdicts
    }
}

/// `value` with `digits` decimals, rounded half away from zero.
func format(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return value > 0 ? "inf" : (value < 0 ? "-inf" : "n/a") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    var text = String(whole)
    if digits > 0 {
        let fraction = String(Int(scaled - Double(whole) * scale))
        text += "." + String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
    }
    return (value < 0 && scaled > 0 ? "-" : "") + text
}
