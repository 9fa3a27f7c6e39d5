/// Every tunable of the core, each with a built-in default, so Pace needs no config file.
///
/// The daemon maps its TOML config onto this (snake case there, the same words here:
/// `day_start_hour` → ``dayStartHour``, `[envelope] cut_factor` → `envelope.cutFactor`). Decoding tolerates
/// missing keys: each takes its default.
///
/// A `PaceState` is valid for the settings it was built with; after a change of settings the daemon replays
/// the log (compare ``PaceState/settings`` with the new value to decide whether a snapshot still applies).
package struct PaceSettings: Codable, Sendable, Equatable {
    /// The local hour (0–23) at which a pacing day begins.
    package var dayStartHour = 4
    /// The kind whose minutes go beside budgets in points ("45 points, about 25 min of walking"): many people
    /// think in minutes.
    package var referenceActivity = "walk"
    /// Whether those minutes are shown at all (`false`: points alone).
    package var showsReferenceMinutes = true
    /// Intensity used when a command names none.
    package var defaultIntensity = Intensity.moderate
    /// Activity kinds: the built-in ones plus any the person defines (same name: theirs wins).
    package var activities: [ActivityKind] = ActivityKind.builtIn {
        didSet { kindsByName = Self.kindsByName(activities) }
    }
    /// Light / moderate / vigorous multipliers of a MET value.
    package var intensityFactors = IntensityFactors()
    /// The adaptive envelope's rules and numbers, exertion debt included.
    package var envelope = EnvelopeParameters()
    /// The budget shown on the very first days, before anything is known, in minutes of the reference activity.
    package var provisionalBudgetMinutes = 45
    /// A running activity counts at most this long: a timer forgotten overnight must not count as a huge day
    /// (and least of all as evidence that the person can do more).
    package var longestBoutMinutes = 240
    /// The within-day reminder policy.
    package var reminders = ReminderSettings()
    /// Each kind's position in ``activities`` by its name and aliases, lowercased, the last definition winning: what
    /// ``activity(named:)`` looks up (several times a request) instead of comparing with every name and alias.
    private var kindsByName = PaceSettings.kindsByName(ActivityKind.builtIn)

    /// The keys of ``kindsByName``: everything but the index, which is derived.
    private enum CodingKeys: String, CodingKey {
        case dayStartHour, referenceActivity, showsReferenceMinutes, defaultIntensity, activities, intensityFactors
        case envelope
        case provisionalBudgetMinutes, longestBoutMinutes, reminders
    }

    /// The defaults.
    package init() {}

    /// The day boundary these settings describe.
    package var dayBoundary: DayBoundary { DayBoundary(startHour: min(23, max(0, dayStartHour))) }

    /// The kind called `name` or with that alias, ignoring case (as `lowercased()` compares); the last definition
    /// wins, so a person's own kinds override built-in ones.
    package func activity(named name: String) -> ActivityKind? {
        // Names are lowercase in practice (events hold the kinds' own), so the name itself is tried first.
        guard let index = kindsByName[name] ?? kindsByName[name.lowercased()] else { return nil }
        return activities[index]
    }

    private static func kindsByName(_ activities: [ActivityKind]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, kind) in activities.enumerated() {
            for name in [kind.name] + kind.aliases { index[name.lowercased()] = position }
        }
        return index
    }

    /// Adds `kind`, replacing any kind of the same name.
    package mutating func define(_ kind: ActivityKind) {
        define([kind])
    }

    /// Adds `kinds` after the others, each replacing any kind of the same name (ignoring case); of several with one
    /// name, the last is kept. Linear in the number of kinds (a config file defines them all at once).
    package mutating func define(_ kinds: [ActivityKind]) {
        var last: [String: Int] = [:]
        for (position, kind) in kinds.enumerated() { last[kind.name.lowercased()] = position }
        var defined = activities.filter { last[$0.name.lowercased()] == nil }
        for (position, kind) in kinds.enumerated() where last[kind.name.lowercased()] == position {
            defined.append(kind)
        }
        activities = defined
    }

    /// The reference activity (walking if the configured name is unknown).
    package var reference: ActivityKind {
        activity(named: referenceActivity) ?? ActivityKind.builtIn[0]
    }

    /// Points a minute of the reference activity costs at moderate intensity (1.8 for easy walking).
    package var pointsPerReferenceMinute: Double {
        pointsPerReferenceMinute(reference)
    }

    /// ``pointsPerReferenceMinute`` when the caller has ``reference`` at hand already (looking it up by name walks
    /// every kind).
    package func pointsPerReferenceMinute(_ reference: ActivityKind) -> Double {
        let rate = reference.pointsPerMinute(at: .moderate, factors: intensityFactors)
        return rate > 0 ? rate : 1
    }

    /// `points` expressed in minutes of the reference activity.
    package func referenceMinutes(_ points: Double) -> Double {
        points / pointsPerReferenceMinute
    }
}

extension PaceSettings {
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self()
        dayStartHour = try c.value(.dayStartHour, or: defaults.dayStartHour)
        referenceActivity = try c.value(.referenceActivity, or: defaults.referenceActivity)
        showsReferenceMinutes = try c.value(.showsReferenceMinutes, or: defaults.showsReferenceMinutes)
        defaultIntensity = try c.value(.defaultIntensity, or: defaults.defaultIntensity)
        activities = try c.value(.activities, or: defaults.activities)
        kindsByName = Self.kindsByName(activities)
        intensityFactors = try c.value(.intensityFactors, or: defaults.intensityFactors)
        envelope = try c.value(.envelope, or: defaults.envelope)
        provisionalBudgetMinutes = try c.value(.provisionalBudgetMinutes, or: defaults.provisionalBudgetMinutes)
        longestBoutMinutes = try c.value(.longestBoutMinutes, or: defaults.longestBoutMinutes)
        reminders = try c.value(.reminders, or: defaults.reminders)
    }
}
