extension PaceAPI {
    /// An activity bout, running or finished.
    package struct Activity: Codable, Sendable, Equatable {
        package var kind: String
        package var label: String
        package var intensity: Intensity
        package var startedAt: String
        /// `nil` while the activity is running.
        package var endedAt: String?
        package var durationSeconds: Int
        package var points: Double
        /// While running: when the bout reaches its limit.
        package var limitAt: String?

        package init(
            kind: String, label: String, intensity: Intensity, startedAt: String, endedAt: String?,
            durationSeconds: Int, points: Double, limitAt: String?
        ) {
            self.kind = kind
            self.label = label
            self.intensity = intensity
            self.startedAt = startedAt
            self.endedAt = endedAt
            self.durationSeconds = durationSeconds
            self.points = points
            self.limitAt = limitAt
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
        /// Stable identifier, e.g. `bout:1764072300000` or `budget90:2026-11-25`.
        package var id: String
        /// `bout`, `rest`, `budget90`, `budget100`, `flare`, `checkin-morning`, `checkin-evening`.
        package var kind: String
        package var summary: String
        package var body: String
        /// The answers it offers: `stop`, `snooze`, `startRest`.
        package var actions: [String]
        package var dueAt: String

        package init(id: String, kind: String, summary: String, body: String, actions: [String], dueAt: String) {
            self.id = id
            self.kind = kind
            self.summary = summary
            self.body = body
            self.actions = actions
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
        package var calibrationDaysRecorded: Int
        package var calibrationDaysNeeded: Int
        /// The learned base envelope in points.
        package var base: Double
        package var budget: Double
        package var used: Double
        /// Never negative; see ``over``.
        package var left: Double
        package var over: Double
        package var referenceActivity: String
        package var referenceLabel: String
        /// ``left`` as minutes of ``referenceActivity``.
        package var leftMinutes: Int
        package var activity: Activity?
        package var rest: Rest?
        package var snoozedUntil: String?
        package var flareUntil: String?
        package var nextReminderAt: String?

        package init(
            version: String, pid: Int, startedAt: String, now: String, pacingDay: String, dayStartHour: Int,
            stateDirectory: String, mode: Mode, provisional: Bool, calibrationDaysRecorded: Int,
            calibrationDaysNeeded: Int, base: Double, budget: Double, used: Double, left: Double, over: Double,
            referenceActivity: String, referenceLabel: String, leftMinutes: Int, activity: Activity?, rest: Rest?,
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
            self.calibrationDaysRecorded = calibrationDaysRecorded
            self.calibrationDaysNeeded = calibrationDaysNeeded
            self.base = base
            self.budget = budget
            self.used = used
            self.left = left
            self.over = over
            self.referenceActivity = referenceActivity
            self.referenceLabel = referenceLabel
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
        package var checkIns: [CheckInRecord]
        package var flare: Bool
        package var flareReported: Bool
        package var baseChange: BaseChange?
        package var recorded: Bool
        package var today: Bool

        package init(
            date: String, mode: Mode, provisional: Bool, budget: Double, used: Double, activeMinutes: Int,
            checkIns: [CheckInRecord], flare: Bool, flareReported: Bool, baseChange: BaseChange?, recorded: Bool,
            today: Bool
        ) {
            self.date = date
            self.mode = mode
            self.provisional = provisional
            self.budget = budget
            self.used = used
            self.activeMinutes = activeMinutes
            self.checkIns = checkIns
            self.flare = flare
            self.flareReported = flareReported
            self.baseChange = baseChange
            self.recorded = recorded
            self.today = today
        }
    }

    /// A change of the base envelope.
    package struct BaseChange: Codable, Sendable, Equatable {
        package var date: String
        package var from: Double
        package var to: Double
        /// `calibrated`, `cutAfterFlareInsideBudget`, `grownAfterToleratedOverspend`, `trialIncrease`.
        package var reason: String

        package init(date: String, from: Double, to: Double, reason: String) {
            self.date = date
            self.from = from
            self.to = to
            self.reason = reason
        }
    }

    /// How far the evidence for growing the base has come.
    package struct Growth: Codable, Sendable, Equatable {
        package var flareFreeDays: Int
        package var flareFreeDaysNeeded: Int
        package var checkIns: Int
        package var checkInsNeeded: Int
        package var toleratedOverspendDays: Int
        package var toleratedOverspendDaysNeeded: Int
        package var daysUntilAllowed: Int
        package var atCeiling: Bool

        package init(
            flareFreeDays: Int, flareFreeDaysNeeded: Int, checkIns: Int, checkInsNeeded: Int,
            toleratedOverspendDays: Int, toleratedOverspendDaysNeeded: Int, daysUntilAllowed: Int, atCeiling: Bool
        ) {
            self.flareFreeDays = flareFreeDays
            self.flareFreeDaysNeeded = flareFreeDaysNeeded
            self.checkIns = checkIns
            self.checkInsNeeded = checkInsNeeded
            self.toleratedOverspendDays = toleratedOverspendDays
            self.toleratedOverspendDaysNeeded = toleratedOverspendDaysNeeded
            self.daysUntilAllowed = daysUntilAllowed
            self.atCeiling = atCeiling
        }
    }

    /// Why today's budget is what it is.
    package struct Explanation: Codable, Sendable, Equatable {
        package var date: String
        package var mode: Mode
        package var provisional: Bool
        /// `firstDays`, `badDayAnswer` or `builtIn` while provisional.
        package var provisionalSource: String?
        package var calibrationDaysRecorded: Int
        package var calibrationDaysNeeded: Int
        package var budget: Double
        package var base: Double
        package var energyFactor: Double
        /// `today`, `faded` or `usual`.
        package var energySource: String
        /// `none`, `reported`, `symptoms` or `assumed`.
        package var flare: String
        package var flareMode: Bool
        package var debt: Double
        package var floor: Double?
        package var ceiling: Double?
        package var lastBaseChange: BaseChange?
        package var growth: Growth?
        package var trialIncreaseAvailable: Bool
        package var sentences: [String]

        package init(
            date: String, mode: Mode, provisional: Bool, provisionalSource: String?, calibrationDaysRecorded: Int,
            calibrationDaysNeeded: Int, budget: Double, base: Double, energyFactor: Double, energySource: String,
            flare: String, flareMode: Bool, debt: Double, floor: Double?, ceiling: Double?,
            lastBaseChange: BaseChange?, growth: Growth?, trialIncreaseAvailable: Bool, sentences: [String]
        ) {
            self.date = date
            self.mode = mode
            self.provisional = provisional
            self.provisionalSource = provisionalSource
            self.calibrationDaysRecorded = calibrationDaysRecorded
            self.calibrationDaysNeeded = calibrationDaysNeeded
            self.budget = budget
            self.base = base
            self.energyFactor = energyFactor
            self.energySource = energySource
            self.flare = flare
            self.flareMode = flareMode
            self.debt = debt
            self.floor = floor
            self.ceiling = ceiling
            self.lastBaseChange = lastBaseChange
            self.growth = growth
            self.trialIncreaseAvailable = trialIncreaseAvailable
            self.sentences = sentences
        }
    }

    /// The event log's health.
    package struct LogHealth: Codable, Sendable, Equatable {
        package var directory: String
        package var segments: Int
        package var records: Int
        package var unreadableEvents: Int
        package var problems: [String]
        package var appendRefusal: String?
        package var lastAppendError: String?

        package init(
            directory: String, segments: Int, records: Int, unreadableEvents: Int, problems: [String],
            appendRefusal: String?, lastAppendError: String?
        ) {
            self.directory = directory
            self.segments = segments
            self.records = records
            self.unreadableEvents = unreadableEvents
            self.problems = problems
            self.appendRefusal = appendRefusal
            self.lastAppendError = lastAppendError
        }
    }

    /// The desktop connection.
    package struct DesktopHealth: Codable, Sendable, Equatable {
        package var sessionBus: Bool
        package var systemBus: Bool
        package var notificationServer: String?
        package var actions: Bool
        package var doNotDisturb: Bool
        package var locked: Bool

        package init(
            sessionBus: Bool, systemBus: Bool, notificationServer: String?, actions: Bool, doNotDisturb: Bool,
            locked: Bool
        ) {
            self.sessionBus = sessionBus
            self.systemBus = systemBus
            self.notificationServer = notificationServer
            self.actions = actions
            self.doNotDisturb = doNotDisturb
            self.locked = locked
        }
    }

    /// How the daemon's parts are doing.
    package struct Health: Codable, Sendable, Equatable {
        package var log: LogHealth
        package var configFile: String?
        package var desktop: DesktopHealth?

        package init(log: LogHealth, configFile: String?, desktop: DesktopHealth?) {
            self.log = log
            self.configFile = configFile
            self.desktop = desktop
        }
    }

    /// An activity kind and what it costs.
    package struct ActivityKind: Codable, Sendable, Equatable {
        package var name: String
        package var label: String
        package var aliases: [String]
        /// Metabolic equivalent at moderate intensity, for kinds measured in METs.
        package var met: Double?
        package var pointsPerMinuteLight: Double
        package var pointsPerMinuteModerate: Double
        package var pointsPerMinuteVigorous: Double
        package var builtIn: Bool

        package init(
            name: String, label: String, aliases: [String], met: Double?, pointsPerMinuteLight: Double,
            pointsPerMinuteModerate: Double, pointsPerMinuteVigorous: Double, builtIn: Bool
        ) {
            self.name = name
            self.label = label
            self.aliases = aliases
            self.met = met
            self.pointsPerMinuteLight = pointsPerMinuteLight
            self.pointsPerMinuteModerate = pointsPerMinuteModerate
            self.pointsPerMinuteVigorous = pointsPerMinuteVigorous
            self.builtIn = builtIn
        }
    }
}
