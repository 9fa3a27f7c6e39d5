import PaceCore
import PaceProtocol

/// Turns the core's values into the shapes of `io.pace.Daemon` (Interfaces/io.pace.Daemon.varlink).
enum Wire {
    /// Points to two decimals: the wire shows 81, not 80.99999999999999.
    static func points(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }

    static func mode(_ mode: PaceCore.Mode) -> PaceAPI.Mode {
        switch mode {
        case .calibrating: return .calibrating
        case .normal: return .normal
        case .flare: return .flare
        }
    }

    static func intensity(_ intensity: PaceCore.Intensity) -> PaceAPI.Intensity {
        switch intensity {
        case .light: return .light
        case .moderate: return .moderate
        case .vigorous: return .vigorous
        }
    }

    static func intensity(_ intensity: PaceAPI.Intensity?) -> PaceCore.Intensity? {
        switch intensity {
        case .light: return .light
        case .moderate: return .moderate
        case .vigorous: return .vigorous
        case nil: return nil
        }
    }

    /// The running bout.
    static func activity(_ bout: BoutStatus) -> PaceAPI.Activity {
        PaceAPI.Activity(
            kind: bout.activity, label: bout.label, intensity: intensity(bout.intensity),
            startedAt: bout.startedAt.rfc3339, endedAt: nil, durationSeconds: Int(bout.elapsedSeconds),
            points: points(bout.points), limitAt: bout.restDueAt?.rfc3339)
    }

    /// A bout that ended at `end`.
    static func finished(_ bout: BoutStatus, endedAt end: Instant) -> PaceAPI.Activity {
        var activity = activity(bout)
        activity.endedAt = end.rfc3339
        activity.limitAt = nil
        return activity
    }

    /// An activity logged afterwards.
    static func logged(_ logged: Event.LoggedActivity, settings: PaceSettings) -> PaceAPI.Activity {
        PaceAPI.Activity(
            kind: logged.activity, label: settings.activity(named: logged.activity)?.label ?? logged.activity,
            intensity: intensity(logged.intensity), startedAt: logged.start.rfc3339,
            endedAt: logged.end.rfc3339, durationSeconds: logged.durationSeconds,
            points: points(logged.pointsPerMinute * Double(logged.durationSeconds) / 60), limitAt: nil)
    }

    static func rest(_ rest: RestStatus) -> PaceAPI.Rest {
        PaceAPI.Rest(
            startedAt: rest.startedAt.rfc3339, plannedSeconds: rest.plannedSeconds,
            elapsedSeconds: Int(rest.elapsedSeconds), enoughAt: rest.longEnoughAt.rfc3339)
    }

    static func checkIn(_ checkIn: CheckIn, at: Instant?) -> PaceAPI.CheckInRecord {
        PaceAPI.CheckInRecord(
            at: at?.rfc3339, energy: checkIn.energy, fatigue: checkIn.fatigue, pain: checkIn.pain,
            sleep: checkIn.sleepQuality, stress: checkIn.stress, flare: checkIn.flare, note: checkIn.note,
            complete: checkIn.complete)
    }

    static func baseChange(_ change: PaceCore.BaseChange) -> PaceAPI.BaseChange {
        PaceAPI.BaseChange(
            date: change.date.iso8601, from: points(change.from), to: points(change.to), reason: change.reason.rawValue)
    }

    static func day(_ day: DayHistory) -> PaceAPI.Day {
        let mode: PaceAPI.Mode = day.flare ? .flare : day.isProvisional ? .calibrating : .normal
        return PaceAPI.Day(
            date: day.date.iso8601, mode: mode, provisional: day.isProvisional, budget: points(day.budget),
            used: points(day.used),
            activeMinutes: Int(day.activeSeconds / 60), checkIns: day.checkIns.map { checkIn($0, at: nil) },
            flare: day.flare, flareReported: day.flareReported, baseChange: day.baseChange.map(baseChange),
            recorded: day.recorded, today: day.isToday, corrected: day.corrected ? true : nil)
    }

    static func reminder(_ reminder: PaceCore.Reminder) -> PaceAPI.Reminder {
        PaceAPI.Reminder(
            id: reminder.id.rawValue, kind: reminder.kind.rawValue, summary: reminder.title,
            body: reminder.bodyWithCommand,
            actions: reminder.actions.map(\.rawValue), dueAt: reminder.dueAt.rfc3339)
    }

    static func explanation(_ explanation: BudgetExplanation) -> PaceAPI.Explanation {
        let energySource: String
        switch explanation.energySource {
        case .today: energySource = "today"
        case .faded: energySource = "faded"
        case .usual: energySource = "usual"
        }
        let flare: String
        switch explanation.flare {
        case .none: flare = "none"
        case .reported: flare = "reported"
        case .symptoms: flare = "symptoms"
        case .assumed: flare = "assumed"
        }
        let growth = explanation.growth.map {
            PaceAPI.Growth(
                flareFreeDays: $0.flareFreeDays, flareFreeDaysNeeded: $0.flareFreeDaysNeeded, checkIns: $0.checkIns,
                checkInsNeeded: $0.checkInsNeeded, toleratedOverspendDays: $0.toleratedOverspendDays,
                toleratedOverspendDaysNeeded: $0.toleratedOverspendDaysNeeded, daysUntilAllowed: $0.daysUntilAllowed,
                atCeiling: $0.atCeiling)
        }
        return PaceAPI.Explanation(
            date: explanation.date.iso8601, mode: mode(explanation.mode),
            provisional: explanation.provisional != nil, provisionalSource: explanation.provisional?.rawValue,
            calibrationDaysRecorded: explanation.calibrationDaysRecorded,
            calibrationDaysNeeded: explanation.calibrationDaysNeeded, budget: points(explanation.budget.points),
            base: points(explanation.base.points), energyFactor: explanation.energyFactor, energySource: energySource,
            flare: flare, flareMode: explanation.flareMode, debt: points(explanation.debt.points),
            floor: explanation.floor.map { points($0.points) }, ceiling: explanation.ceiling.map { points($0.points) },
            lastBaseChange: explanation.lastBaseChange.map(baseChange), growth: growth,
            trialIncreaseAvailable: explanation.trialIncreaseAvailable, sentences: explanation.sentences)
    }

    static func kind(_ kind: PaceCore.ActivityKind, settings: PaceSettings) -> PaceAPI.ActivityKind {
        let factors = settings.intensityFactors
        return PaceAPI.ActivityKind(
            name: kind.name, label: kind.label, aliases: kind.aliases, met: kind.met,
            pointsPerMinuteLight: points(kind.pointsPerMinute(at: .light, factors: factors)),
            pointsPerMinuteModerate: points(kind.pointsPerMinute(at: .moderate, factors: factors)),
            pointsPerMinuteVigorous: points(kind.pointsPerMinute(at: .vigorous, factors: factors)),
            builtIn: PaceCore.ActivityKind.builtIn.contains(kind))
    }
}
