/// The outcome of one `pace doctor` check.
struct DoctorResult: Encodable, Equatable {
    enum Outcome: String, Encodable {
        /// All well.
        case passed
        /// Works, but something could be better (the fix says what).
        case warning
        /// Broken (the fix says what to do).
        case failed
        /// Could not be checked here.
        case skipped
    }

    /// The check's stable name: `daemon`, `log`, `config`, `units`, `notifications`.
    var name: String
    var outcome: Outcome
    /// What was found, in a few words.
    var detail: String
    /// What to do, when something is to be done.
    var fix: String?
}

/// `pace doctor`'s output: a line per check, `✓` or what to do.
enum DoctorReport {
    static func lines(_ results: [DoctorResult], settings: OutputSettings) -> [String] {
        results.map { result in
            let glyphs = settings.glyphs
            let style = settings.style
            let mark: String
            switch result.outcome {
            case .passed: mark = style.calm(glyphs.passed)
            case .warning: mark = style.notice(glyphs.warning)
            case .failed: mark = style.notice(glyphs.failed)
            case .skipped: mark = style.dim("-")
            }
            let fix = result.fix.map { ": " + $0 } ?? ""
            return "\(mark) \(result.detail)\(fix)"
        }
    }

    /// The JSON form: `{"checks": [{"name", "outcome", "detail", "fix"}], "healthy": bool}`.
    struct JSON: Encodable {
        var checks: [DoctorResult]
        var healthy: Bool
    }
}
