package import PaceCore

/// Every setting a person can change in `config.toml`, mapped onto the core's ``PaceSettings`` (and the
/// daemon's server limits); each key's default is the core's, so no file is needed.
///
/// To add a setting: one line in ``schema`` naming its section, key, parser and where the value goes, and its
/// documented entry in `config/pace.toml` (a test checks every key is there). The schema does the rest:
/// unknown keys, bad values, and the file, line and key in every message.
package struct Configuration: Equatable, Sendable {
    /// The core's tunables.
    package var settings = PaceSettings()
    /// Limits of the socket server.
    package var server = ServerSettings()
    /// The heart-rate sensor and the numbers heart-rate pacing goes by (`[heart_rate]`); off by default.
    package var heartRate = HeartRateSettings()
    /// Back at the desk after this long away, Pace asks what it was (`[reminders] away_question`); 0: never.
    package var awayQuestionMinutes = 20
    /// Whether Pace shows in the panel (`[desktop] tray`), as a StatusNotifierItem.
    package var showsTray = true
    /// The shared folder other devices' logs meet in (`[sync]`, docs/sync.md); off by default.
    package var sync = SyncSettings()
    /// Minutes at the desk counted as effort of this kind (`[activities] desk_time`); `nil`, the default: not counted.
    package var deskTimeKind: String?
    /// The folder paced imports by itself (`[import]`).
    package var imports = ImportSettings()

    /// The built-in defaults.
    package init() {}

    /// Limits of the Varlink server.
    package struct ServerSettings: Equatable, Sendable {
        /// A connection that sends and receives nothing for this long is closed (streams excepted).
        package var idleTimeout: Duration = .seconds(60)
        /// Most clients connected at once.
        package var maximumConnections = 512

        package init() {}
    }

    /// What paced imports by itself (`[import]`).
    package struct ImportSettings: Equatable, Sendable {
        /// The inbox: a folder whose new and grown files paced imports (`~` is the home directory); `nil`: none.
        package var inbox: String?
        /// Files larger than this many MiB are refused, by the inbox and by `pace import`.
        package var sizeLimitMegabytes = 4096

        package init() {}
    }

    /// The most kinds `[kinds]` may define: far more than a person names (the built-in ones are 12), few enough that
    /// `pace kinds` stays a list to read and a reload stays quick.
    package static let maximumKinds = 200

    private static func minutes(_ duration: Duration) -> Int { Int(duration.components.seconds / 60) }

    /// Every key `config.toml` may hold, in the order `config/pace.toml` documents them.
    package static let schema = ConfigurationSchema<Configuration>([
        ConfigurationKey("day", "start_hour", .integer(in: 0...23)) { $0.settings.dayStartHour = $1 },

        ConfigurationKey("activities", "reference", .text(maximumLength: 64)) { $0.settings.referenceActivity = $1 },
        ConfigurationKey("activities", "reference_minutes", .boolean) { $0.settings.showsReferenceMinutes = $1 },
        ConfigurationKey("activities", "default_intensity", .oneOf(Intensity.self)) {
            $0.settings.defaultIntensity = $1
        },
        ConfigurationKey("activities", "light_factor", .number(in: 0.1...1)) {
            $0.settings.intensityFactors.light = $1
        },
        ConfigurationKey("activities", "vigorous_factor", .number(in: 1...3)) {
            $0.settings.intensityFactors.vigorous = $1
        },
        ConfigurationKey("activities", "desk_time", .orOff(.text(maximumLength: 64))) { $0.deskTimeKind = $1 },
        ConfigurationKey(anyNameIn: "kinds", .activityKind, atMost: maximumKinds) { settings, kinds in
            settings.settings.define(
                kinds.map { name, kind in
                    var kind = kind
                    kind.name = name
                    return kind
                })
        },

        ConfigurationKey("budget", "calibration_days", .integer(in: 3...28)) {
            $0.settings.envelope.calibrationDays = $1
        },
        ConfigurationKey("budget", "provisional_minutes", .integer(in: 5...600)) {
            $0.settings.provisionalBudgetMinutes = $1
        },
        ConfigurationKey("budget", "start_fraction", .number(in: 0.3...1)) {
            $0.settings.envelope.initialFraction = $1
        },
        ConfigurationKey("budget", "floor_fraction", .number(in: 0.3...1)) { $0.settings.envelope.floorFraction = $1 },
        ConfigurationKey("budget", "ceiling_fraction", .number(in: 1...3)) {
            $0.settings.envelope.ceilingFraction = $1
        },
        ConfigurationKey("budget", "flare_factor", .number(in: 0.1...1)) { $0.settings.envelope.flareFactor = $1 },
        ConfigurationKey("budget", "cut_factor", .number(in: 0.5...1)) { $0.settings.envelope.cutFactor = $1 },
        ConfigurationKey("budget", "growth_factor", .number(in: 1...1.2)) { $0.settings.envelope.growthFactor = $1 },
        ConfigurationKey("budget", "longest_bout", .duration(in: .seconds(1800)...(.seconds(86_400)))) {
            $0.settings.longestBoutMinutes = minutes($1)
        },
        ConfigurationKey("budget", "exertion_debt", .boolean) { $0.settings.envelope.exertionDebt.enabled = $1 },
        ConfigurationKey("budget", "exertion_debt_weight", .number(in: 0...1)) {
            $0.settings.envelope.exertionDebt.weight = $1
        },
        ConfigurationKey("budget", "exertion_debt_decay", .number(in: 0...1)) {
            $0.settings.envelope.exertionDebt.decayPerDay = $1
        },

        ConfigurationKey("reminders", "per_day", .integer(in: 0...20)) { $0.settings.reminders.maximumPerDay = $1 },
        ConfigurationKey("reminders", "minimum_gap", .duration(in: .seconds(60)...(.seconds(14_400)))) {
            $0.settings.reminders.minimumGapMinutes = minutes($1)
        },
        ConfigurationKey("reminders", "quiet_hours", .orOff(.clockTimeRange)) { configuration, range in
            configuration.settings.reminders.quietHours = range.map {
                ReminderSettings.QuietHours(start: $0.start, end: $0.end)
            }
        },
        ConfigurationKey("reminders", "away_question", .orOff(.duration(in: .seconds(60)...(.seconds(86_400))))) {
            $0.awayQuestionMinutes = $1.map { minutes($0) } ?? 0
        },
        ConfigurationKey("reminders", "snooze", .duration(in: .seconds(60)...(.seconds(14_400)))) {
            $0.settings.reminders.snoozeMinutes = minutes($1)
        },
        ConfigurationKey("reminders", "morning_checkin", .orOff(.clockTime)) {
            $0.settings.reminders.morningCheckIn = $1
        },
        ConfigurationKey("reminders", "evening_checkin", .orOff(.clockTime)) {
            $0.settings.reminders.eveningCheckIn = $1
        },
        ConfigurationKey("reminders", "bout_share", .number(in: 0.05...1)) {
            $0.settings.reminders.boutShareOfBudget = $1
        },
        ConfigurationKey("reminders", "shortest_bout", .duration(in: .seconds(60)...(.seconds(14_400)))) {
            $0.settings.reminders.minimumBoutMinutes = minutes($1)
        },
        ConfigurationKey("reminders", "longest_bout", .duration(in: .seconds(60)...(.seconds(43_200)))) {
            $0.settings.reminders.maximumBoutMinutes = minutes($1)
        },
        ConfigurationKey("reminders", "bout_reminders", .integer(in: 0...10)) {
            $0.settings.reminders.boutRemindersPerDay = $1
        },
        ConfigurationKey("reminders", "budget_warning", .number(in: 0.5...1)) {
            $0.settings.reminders.budgetWarningShare = $1
        },
        ConfigurationKey("reminders", "while_calibrating", .boolean) {
            $0.settings.reminders.budgetRemindersWhileCalibrating = $1
        },
        ConfigurationKey("reminders", "minimum_rest", .duration(in: .seconds(60)...(.seconds(14_400)))) {
            $0.settings.reminders.minimumRestMinutes = minutes($1)
        },
        ConfigurationKey("reminders", "minimum_flare_rest", .duration(in: .seconds(60)...(.seconds(14_400)))) {
            $0.settings.reminders.minimumFlareRestMinutes = minutes($1)
        },

        ConfigurationKey("desktop", "tray", .boolean) { $0.showsTray = $1 },

        ConfigurationKey("heart_rate", "device", .heartRateDevice) { $0.heartRate.device = $1 },
        ConfigurationKey("heart_rate", "threshold", .orWord("estimate", .integer(in: 60...220))) {
            $0.heartRate.thresholdBeatsPerMinute = $1
        },
        ConfigurationKey("heart_rate", "age", .orWord("unknown", .integer(in: 10...110))) { $0.heartRate.age = $1 },
        ConfigurationKey("heart_rate", "age_factor", .number(in: 0.5...0.7)) { $0.heartRate.ageFactor = $1 },
        ConfigurationKey("heart_rate", "resting", .orWord("learn", .integer(in: 30...120))) {
            $0.heartRate.restingBeatsPerMinute = $1
        },
        ConfigurationKey("heart_rate", "alert_after", .duration(in: .seconds(10)...(.seconds(600)))) {
            $0.heartRate.alertAfterSeconds = Int($1.components.seconds)
        },
        ConfigurationKey("heart_rate", "alert_gap", .duration(in: .seconds(60)...(.seconds(14_400)))) {
            $0.heartRate.alertGapMinutes = minutes($1)
        },
        ConfigurationKey("heart_rate", "alerts_per_day", .integer(in: 0...50)) { $0.heartRate.alertsPerDay = $1 },
        ConfigurationKey("heart_rate", "hysteresis", .integer(in: 1...20)) {
            $0.heartRate.hysteresisBeatsPerMinute = $1
        },
        ConfigurationKey("heart_rate", "hold_in_quiet_hours", .boolean) { $0.heartRate.alertHeldInQuietHours = $1 },
        ConfigurationKey("heart_rate", "hold_when_do_not_disturb", .boolean) {
            $0.heartRate.alertHeldByDoNotDisturb = $1
        },
        ConfigurationKey("heart_rate", "keep_months", .integer(in: 1...120)) { $0.heartRate.keepMonths = $1 },
        ConfigurationKey("heart_rate", "share_sensor", .boolean) { $0.heartRate.sharesSensor = $1 },

        ConfigurationKey("sync", "folder", .orOff(.text(maximumLength: 4096))) { $0.sync.folder = $1 },
        ConfigurationKey("sync", "name", .orWord("hostname", .text(maximumLength: 64))) { $0.sync.name = $1 },

        ConfigurationKey("import", "inbox", .orOff(.text(maximumLength: 1024))) { $0.imports.inbox = $1 },
        ConfigurationKey("import", "size_limit_mb", .integer(in: 1...1_048_576)) {
            $0.imports.sizeLimitMegabytes = $1
        },
        ConfigurationKey("server", "idle_timeout", .duration(in: .seconds(1)...(.seconds(86_400)))) {
            $0.server.idleTimeout = $1
        },
        ConfigurationKey("server", "max_connections", .integer(in: 8...65_536)) { $0.server.maximumConnections = $1 },
    ])
}
