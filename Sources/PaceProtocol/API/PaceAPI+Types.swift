extension PaceAPI {
    /// An activity bout, running or finished.
    package struct Activity: Codable, Sendable, Equatable {
        package var kind: String
        package var intensity: Intensity
        package var startedAt: String
        /// `nil` while the activity is running.
        package var endedAt: String?
        package var durationSeconds: Int
        package var points: Double

        package init(
            kind: String, intensity: Intensity, startedAt: String, endedAt: String?, durationSeconds: Int,
            points: Double
        ) {
            self.kind = kind
            self.intensity = intensity
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.durationSeconds = durationSeconds
            self.points = points
        }
    }

    /// A rest block.
    package struct Rest: Codable, Sendable, Equatable {
        package var startedAt: String
        package var plannedSeconds: Int?
        package var elapsedSeconds: Int
        /// When the rest has been long enough to recover from the last bout.
        package var enoughAt: String?

        package init(startedAt: String, plannedSeconds: Int?, elapsedSeconds: Int, enoughAt: String?) {
            self.startedAt = startedAt
            self.plannedSeconds = plannedSeconds
            self.elapsedSeconds = elapsedSeconds
            self.enoughAt = enoughAt
        }
    }

    /// A reminder the daemon shows, or would show.
    package struct Reminder: Codable, Sendable, Equatable {
        /// Stable identifier, e.g. `2026-11-25/bout/3`.
        package var id: String
        /// `boutLimit`, `budget90`, `budget100`, `flareNotice`, `restEnough`, `morningCheckIn`, `eveningCheckIn`.
        package var kind: String
        package var summary: String
        package var body: String
        package var dueAt: String

        package init(id: String, kind: String, summary: String, body: String, dueAt: String) {
            self.id = id
            self.kind = kind
            self.summary = summary
            self.body = body
            self.dueAt = dueAt
        }
    }

    /// What the daemon knows right now.
    package struct Status: Codable, Sendable, Equatable {
        package var version: String
        package var pid: Int
        package var startedAt: String
        package var now: String
        /// The calendar date on which the current pacing day began.
        package var pacingDay: String
        package var dayStartHour: Int
        package var stateDirectory: String
        package var mode: Mode
        /// The budget is a first estimate (calibration week).
        package var provisional: Bool
        package var budget: Double
        package var used: Double
        /// Never negative; see ``over``.
        package var left: Double
        package var over: Double
        package var referenceActivity: String
        /// ``left`` as minutes of ``referenceActivity``.
        package var leftMinutes: Int
        package var activity: Activity?
        package var rest: Rest?
        package var snoozedUntil: String?
        package var flareUntil: String?
        package var nextReminderAt: String?

        package init(
            version: String, pid: Int, startedAt: String, now: String, pacingDay: String, dayStartHour: Int,
            stateDirectory: String, mode: Mode, provisional: Bool, budget: Double, used: Double, left: Double,
            over: Double, referenceActivity: String, leftMinutes: Int, activity: Activity?, rest: Rest?,
            snoozedUntil: String?, flareUntil: String?, nextReminderAt: String?
        ) {
            self.version = version
            self.pid = pid
            self.startedAt = startedAt
            self.now = now
            self.pacingDay = pacingDay
            self.dayStartHour = dayStartHour
            self.stateDirectory = stateDirectory
            self.mode = mode
            self.provisional = provisional
            self.budget = budget
            self.used = used
            self.left = left
            self.over = over
            self.referenceActivity = referenceActivity
            self.leftMinutes = leftMinutes
            self.activity = activity
            self.rest = rest
            self.snoozedUntil = snoozedUntil
            self.flareUntil = flareUntil
            self.nextReminderAt = nextReminderAt
        }
    }

    /// A check-in; every field is optional.
    package struct CheckInRecord: Codable, Sendable, Equatable {
        package var at: String?
        package var energy: Int?
        package var fatigue: Int?
        package var pain: Int?
        package var sleep: Int?
        package var stress: Int?
        package var flare: Bool?
        package var note: String?

        package init(
            at: String? = nil, energy: Int? = nil, fatigue: Int? = nil, pain: Int? = nil, sleep: Int? = nil,
            stress: Int? = nil, flare: Bool? = nil, note: String? = nil
        ) {
            self.at = at
            self.energy = energy
            self.fatigue = fatigue
            self.pain = pain
            self.sleep = sleep
            self.stress = stress
            self.flare = flare
            self.note = note
        }
    }

    /// One pacing day of history.
    package struct Day: Codable, Sendable, Equatable {
        package var date: String
        package var mode: Mode
        package var provisional: Bool
        package var budget: Double
        package var used: Double
        package var activeMinutes: Int
        package var checkIn: CheckInRecord?
        package var flare: Bool

        package init(
            date: String, mode: Mode, provisional: Bool, budget: Double, used: Double, activeMinutes: Int,
            checkIn: CheckInRecord?, flare: Bool
        ) {
            self.date = date
            self.mode = mode
            self.provisional = provisional
            self.budget = budget
            self.used = used
            self.activeMinutes = activeMinutes
            self.checkIn = checkIn
            self.flare = flare
        }
    }

    /// One reason behind today's budget.
    package struct Reason: Codable, Sendable, Equatable {
        package var code: String
        package var text: String

        package init(code: String, text: String) {
            self.code = code
            self.text = text
        }
    }

    /// Why today's budget is what it is.
    package struct Explanation: Codable, Sendable, Equatable {
        package var budget: Double
        package var base: Double
        package var energyFactor: Double
        package var baseChangedOn: String?
        package var baseChangeReason: String?
        package var reasons: [Reason]
        package var text: String

        package init(
            budget: Double, base: Double, energyFactor: Double, baseChangedOn: String?, baseChangeReason: String?,
            reasons: [Reason], text: String
        ) {
            self.budget = budget
            self.base = base
            self.energyFactor = energyFactor
            self.baseChangedOn = baseChangedOn
            self.baseChangeReason = baseChangeReason
            self.reasons = reasons
            self.text = text
        }
    }

    /// An activity kind and what it costs.
    package struct ActivityKind: Codable, Sendable, Equatable {
        package var name: String
        /// `physical`, `cognitive` or `social`.
        package var category: String
        package var met: Double
        package var pointsPerMinuteLight: Double
        package var pointsPerMinuteModerate: Double
        package var pointsPerMinuteVigorous: Double
        package var builtIn: Bool

        package init(
            name: String, category: String, met: Double, pointsPerMinuteLight: Double,
            pointsPerMinuteModerate: Double, pointsPerMinuteVigorous: Double, builtIn: Bool
        ) {
            self.name = name
            self.category = category
            self.met = met
            self.pointsPerMinuteLight = pointsPerMinuteLight
            self.pointsPerMinuteModerate = pointsPerMinuteModerate
            self.pointsPerMinuteVigorous = pointsPerMinuteVigorous
            self.builtIn = builtIn
        }
    }
}
