/// The within-day rules that do not depend on the clock: bout length, minimum rest, and how many reminders a
/// day of a given load asks for.
///
/// `PaceState.reminders(now:utcOffsetSeconds:)` applies them minute by minute; the simulator and
/// `pace-sim step`, which see a day as one number, count with ``requestedCount(budget:load:flareNotice:boutPoints:settings:)``.
package enum ReminderPolicy {
    /// The length of a bout in effort points: max(`minimumBoutMinutes` of the activity, budget × share),
    /// and at most `maximumBoutMinutes` of it.
    ///
    /// - Parameters:
    ///   - budget: Today's budget in points.
    ///   - pointsPerMinute: What a minute of the current activity costs.
    ///   - settings: The reminder settings.
    package static func boutPoints(budget: Double, pointsPerMinute: Double, settings: ReminderSettings) -> Double {
        let rate = max(pointsPerMinute, 0.01)
        let shortest = Double(settings.minimumBoutMinutes) * rate
        let longest = Double(settings.maximumBoutMinutes) * rate
        return min(longest, max(shortest, budget * settings.boutShareOfBudget))
    }

    /// The length of a bout in seconds of an activity costing `pointsPerMinute`.
    package static func boutSeconds(budget: Double, pointsPerMinute: Double, settings: ReminderSettings) -> Int64 {
        let rate = max(pointsPerMinute, 0.01)
        return Int64((boutPoints(budget: budget, pointsPerMinute: rate, settings: settings) / rate * 60).rounded())
    }

    /// How long a rest should last after a bout of `boutSeconds`: max(10 min, half the bout); on a flare day
    /// max(15 min, the whole bout).
    package static func minimumRestSeconds(boutSeconds: Int64, flare: Bool, settings: ReminderSettings) -> Int64 {
        flare
            ? max(Int64(settings.minimumFlareRestMinutes) * 60, boutSeconds)
            : max(Int64(settings.minimumRestMinutes) * 60, boutSeconds / 2)
    }

    /// The reminders a day with `load` points against `budget` asks for, done in bouts of `boutPoints`: one
    /// stop-and-rest per bout completed before the budget (at most `boutRemindersPerDay`), one at 90 % and
    /// one at 100 %, one flare notice; nothing after 100 %, and never more than `maximumPerDay`.
    ///
    /// A bout that ends exactly at the budget is announced by the 100 % reminder alone, as the live policy
    /// coalesces reminders due at the same moment.
    /// - Parameter budgetReminders: Whether the 90 % and 100 % reminders are on (not while calibrating, by
    ///   default).
    package static func requestedCount(
        budget: Double, load: Double, flareNotice: Bool, boutPoints: Double, settings: ReminderSettings,
        budgetReminders: Bool = true
    ) -> Int {
        guard budget > 0, boutPoints > 0 else { return flareNotice ? 1 : 0 }
        let tolerance = 1e-9 * budget
        var bouts = 0
        var reached = boutPoints
        while bouts < settings.boutRemindersPerDay, reached < budget - tolerance, reached <= load + tolerance {
            bouts += 1
            reached += boutPoints
        }
        var count = bouts + (flareNotice ? 1 : 0)
        if budgetReminders, load >= settings.budgetWarningShare * budget - tolerance { count += 1 }
        if budgetReminders, load >= budget - tolerance { count += 1 }
        return min(count, settings.maximumPerDay)
    }
}
