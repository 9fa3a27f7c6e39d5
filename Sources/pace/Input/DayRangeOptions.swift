import ArgumentParser
import PaceCore

/// `--days N` or `--from DATE --to DATE`: which pacing days a command covers.
struct DayRangeOptions: ParsableArguments {
    @Option(name: .long, help: "The last N pacing days, today included.")
    var days: Int?

    @Option(name: .long, help: "The first day: 2026-11-01, yesterday, 7d ago.")
    var from: String?

    @Option(name: .long, help: "The last day (default: today).")
    var to: String?

    func validate() throws {
        if days != nil && (from != nil || to != nil) {
            throw ValidationError("give either --days N or --from DATE --to DATE, not both")
        }
        if let days, !(1...3660).contains(days) {
            throw ValidationError("--days takes a number from 1 to 3660; you gave \(days)")
        }
        // Dates are read again against the daemon's pacing day; reading them here finds a typo before connecting.
        let anyDay = CivilDate(year: 2000, month: 1, day: 1)
        for (option, text) in [("--from", from), ("--to", to)] {
            guard let text else { continue }
            do {
                _ = try TimeText.parseDate(text, today: anyDay)
            } catch {
                throw ValidationError("\(option): \(error)")
            }
        }
    }

    /// Whether any of the options was given.
    var isGiven: Bool { days != nil || from != nil || to != nil }

    /// The days, first and last included.
    ///
    /// - Parameters:
    ///   - today: The current pacing day.
    ///   - defaultDays: How many days when nothing was given (or only `--to`).
    /// - Throws: ``CommandFailure`` (usage) for dates that cannot be read or are the wrong way round.
    func resolve(today: CivilDate, defaultDays: Int) throws -> ClosedRange<CivilDate> {
        func date(_ text: String, _ option: String) throws -> CivilDate {
            do {
                return try TimeText.parseDate(text, today: today)
            } catch {
                throw CommandFailure.usage("\(option): \(error)")
            }
        }
        let last = try to.map { try date($0, "--to") } ?? today
        let first = try from.map { try date($0, "--from") } ?? last.adding(days: -((days ?? defaultDays) - 1))
        guard first <= last else {
            throw CommandFailure.usage("--from \(first) is after --to \(last); give the earlier day first")
        }
        return first...last
    }

    /// The days, where the first is `nil` when neither `--from` nor `--days` was given (for "everything").
    ///
    /// - Throws: ``CommandFailure`` (usage), as ``resolve(today:defaultDays:)``.
    func resolveOpenStart(today: CivilDate) throws -> (first: CivilDate?, last: CivilDate) {
        let range = try resolve(today: today, defaultDays: 1)
        return (from != nil || days != nil ? range.lowerBound : nil, range.upperBound)
    }
}
