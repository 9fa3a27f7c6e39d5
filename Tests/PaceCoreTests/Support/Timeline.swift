import Testing

@testable import PaceCore

/// A person's day driven through the real command layer and reducer, with a hand-moved clock.
///
/// Every command goes through `PaceState.events(for:now:utcOffsetSeconds:)` and the resulting events are
/// applied and kept, so a test can replay them, snapshot the state, or look at the log.
struct Timeline {
    var state: PaceState
    var now: Instant
    var utcOffsetSeconds: Int
    private(set) var log: [Event] = []

    /// Starts at `start` (RFC 3339) with `settings`, in a place `utcOffsetSeconds` ahead of UTC (CET).
    init(_ start: String, settings: PaceSettings = PaceSettings(), utcOffsetSeconds: Int = 3600) {
        state = PaceState(settings: settings)
        now = Instant(rfc3339: start)!
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Carries out `command` now; fails the test on a domain error.
    @discardableResult
    mutating func run(_ command: Command, sourceLocation: SourceLocation = #_sourceLocation) -> [Event] {
        do {
            let events = try state.events(for: command, now: now, utcOffsetSeconds: utcOffsetSeconds)
            apply(events)
            return events
        } catch {
            Issue.record("\(command) failed: \(error)", sourceLocation: sourceLocation)
            return []
        }
    }

    /// Carries out `command` now and returns its error, if any.
    mutating func attempt(_ command: Command) -> PaceError? {
        do {
            apply(try state.events(for: command, now: now, utcOffsetSeconds: utcOffsetSeconds))
            return nil
        } catch {
            return error
        }
    }

    /// Applies events as they are (as if read from the log: one out of range is skipped, as replay skips it).
    mutating func apply(_ events: [Event]) {
        for event in events { try? state.apply(event) }
        log += events
    }

    /// Moves the clock.
    mutating func wait(minutes: Int64 = 0, seconds: Int64 = 0) {
        now = now.adding(seconds: minutes * 60 + seconds)
    }

    /// Sets the clock to `text` (RFC 3339).
    mutating func set(_ text: String) {
        now = Instant(rfc3339: text)!
    }

    var status: PaceStatus { state.status(now: now, utcOffsetSeconds: utcOffsetSeconds) }
    var reminders: ReminderDecision { state.reminders(now: now, utcOffsetSeconds: utcOffsetSeconds) }
    var explanation: BudgetExplanation { state.explanation(now: now, utcOffsetSeconds: utcOffsetSeconds) }

    /// Shows whatever is due now (records it, as the daemon would) and returns it.
    @discardableResult
    mutating func showDueReminders() -> [Reminder] {
        let due = reminders.due
        for reminder in due { run(.reminderShown(reminder.id, covers: reminder.covers)) }
        return due
    }

    /// Logs `minutes` of walking per day for `days` days, checking in each morning with `energy`, so that the
    /// calibration week ends; the clock ends at 10:00 on the day after.
    mutating func calibrate(days: Int = 7, minutes: Int = 60, energy: Int? = 5) {
        for _ in 0..<days {
            morning()
            if let energy { run(.checkIn(CheckIn(energy: energy))) }
            run(.logActivity(activity: "walk", start: now.adding(seconds: -3600 * 2), durationSeconds: minutes * 60))
            now = now.adding(seconds: 86_400)
        }
        morning()
    }

    /// Lives `days` days after calibration: each morning a check-in with `checkIn` (none when `nil`) and
    /// `minutes` of walking; the clock ends at 10:00 on the day after.
    mutating func live(days: Int, minutes: Int = 30, checkIn: CheckIn? = CheckIn(energy: 5, flare: false)) {
        for _ in 0..<days {
            morning()
            if let checkIn { run(.checkIn(checkIn)) }
            run(.logActivity(activity: "walk", start: now.adding(seconds: -3600 * 2), durationSeconds: minutes * 60))
            now = now.adding(seconds: 86_400)
        }
        morning()
    }

    /// Sets the clock to 10:00 local time on the current pacing day.
    mutating func morning() {
        let boundary = state.settings.dayBoundary
        let day = boundary.day(containing: now, utcOffsetSeconds: utcOffsetSeconds)
        now = boundary.start(of: day, utcOffsetSeconds: utcOffsetSeconds).adding(seconds: 6 * 3600)
    }
}

/// Floating-point comparison for budgets.
func close(_ a: Double, _ b: Double, within tolerance: Double = 1e-6) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}
