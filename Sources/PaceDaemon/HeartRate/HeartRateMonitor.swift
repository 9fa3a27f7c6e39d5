import Logging
import PaceCore
import PaceLog
import PaceProtocol
import PaceSystem

/// Heart-rate pacing in the daemon: reads the sensor (``HeartRateSensor``), keeps the latest reading, decides
/// with ``HeartRateAlertPolicy`` when heart rate has been above the threshold long enough, and puts the alert on
/// the desktop with [Rest] and [Snooze].
///
/// The alert is its own: the reminders' minimum gap and daily count do not hold it, and it does not use theirs
/// (``HeartRateSettings/alertGapMinutes``, ``HeartRateSettings/alertsPerDay``). Like every reminder it waits
/// while do-not-disturb, a locked session or the quiet hours hold reminders; since readings come every second or
/// so, a held alert comes with the first reading after the hold ends, if heart rate is still above. It goes to
/// the journal as a reminder (`PACE_EVENT=reminder`, `PACE_REMINDER=heart-rate`).
///
/// Readings are summarised a minute at a time into the heart-rate stream next to the log (``HeartRateStream``),
/// from which the resting heart rate is learned (when none is set); runs of minutes with effort that nothing
/// typed covers become sensed bouts: `activityLogged` events of source "sensed", points by ``HeartRateEffort``.
///
/// Nothing here runs, and nothing Bluetooth happens, unless `[heart_rate] device` is set.
@DaemonActor
final class HeartRateMonitor {
    /// The resting heart rate learned from quiet readings: the 5th percentile of the minute means of the last
    /// ``learningDays`` days, once ``minimumLearningMinutes`` minutes are there.
    static let learningDays: Int64 = 7
    static let minimumLearningMinutes = 60
    /// A morning reading is taken from the last five minutes of RR intervals, and needs at least three.
    static let morningWindowSeconds = 300
    static let morningNeededSeconds = 180
    /// A break longer than this between readings starts the RR intervals afresh.
    static let morningGapSeconds: Int64 = 10
    /// The activity name of a sensed bout, until the person names it.
    static let sensedActivity = "sensed"
    /// A sensed bout was recorded (the event as recorded, with its id).
    var onSensedBout: ((Event) -> Void)?

    private let store: EventStore
    private let desktop: Desktop
    private let clock: any WallClock
    private let logger: Logger
    private let environment: [String: String]
    private let sensorOptions: HeartRateSensor.Options
    private(set) var settings: HeartRateSettings
    private var sensor: HeartRateSensor?
    private var policy = HeartRateAlertPolicy()
    /// The last measurement, and when it came.
    private var last: (measurement: HeartRateMeasurement, at: Instant)?
    private var snoozedUntil: Instant?
    private var alertNotification: NotificationHandle?
    private let stream: HeartRateStream?
    private var accumulator = HeartRateMinuteAccumulator()
    private var detector = SensedBoutDetector()
    /// The resting heart rate learned from the stream, and when it was last worked out.
    private(set) var learnedResting: Int?
    private var learnedAt: Instant?
    private var reportedStreamFailure = false
    /// The minute whose append's page was last read ahead (``HeartRateStream/readAheadOfAppend()``).
    private var readAheadMinute: Int64?
    /// The RR intervals of the last few minutes (1/1024 s, oldest first), for the morning reading: at most
    /// ``morningWindowSeconds`` of them. Only in memory; a break in the readings (contact lost, a gap, the sensor
    /// gone) starts them afresh, so they are always one unbroken stretch.
    private var recentIntervals: [Int] = []
    private var recentUnits = 0
    private var lastIntervalAt: Instant?
    /// When the morning reading was last tried automatically.
    private var morningTriedAt: Instant?
    private var lastContactLost = false

    /// The sensor, the zone or skin contact changed (not every reading).
    var onChange: (() -> Void)?

    init(
        settings: HeartRateSettings, store: EventStore, desktop: Desktop, clock: any WallClock, logger: Logger,
        environment: [String: String], stateDirectory: String?, sensorOptions: HeartRateSensor.Options = .init()
    ) {
        self.stream = stateDirectory.map { HeartRateStream(stateDirectory: $0) }
        self.settings = settings
        self.store = store
        self.desktop = desktop
        self.clock = clock
        self.logger = logger
        self.environment = environment
        self.sensorOptions = sensorOptions
    }

    /// Starts reading the sensor, when one is configured.
    func start() {
        guard sensor == nil, let device = settings.device else { return }
        logger.info(
            "heart rate: looking for \(device == .automatic ? "a heart-rate sensor" : "\(device)") through BlueZ")
        let sensor = HeartRateSensor(
            device: device, sharing: settings.sharesSensor, environment: environment, logger: logger,
            options: sensorOptions)
        sensor.onMeasurement = { [unowned self] measurement in measured(measurement) }
        sensor.onChange = { [unowned self] in
            if self.sensor?.state != .reading {
                finishMinutes()
                // Readings stopped: the last minute's sync is collected now, not at the next reading, hours later.
                settleStream(waiting: true)
                forgetIntervals()
            }
            onChange?()
        }
        self.sensor = sensor
        let now = clock.now()
        stream?.prune(keepingMonths: settings.keepMonths, now: now)
        learnResting(now: now)
        sensor.start()
    }

    /// Stops reading the sensor.
    func stop() {
        finishMinutes()
        settleStream(waiting: true)
        sensor?.stop()
        sensor = nil
        last = nil
        forgetIntervals()
        policy = HeartRateAlertPolicy()
    }

    /// The daemon stops: the sensor lets go of the notifications (their socket closed before the bus connection, as
    /// ``HeartRateSensor/stop()`` says why) rather than leaving both to the kernel at exit, which closes the older
    /// bus connection first. The minutes are left as they are (the one in progress is not a whole minute); the last
    /// one appended is settled, so a sync that failed is told.
    func release() {
        sensor?.stop()
        sensor = nil
        settleStream(waiting: true)
    }

    /// New settings from a reload: a different sensor, or another way to read it, is found anew; nothing else needs a
    /// restart.
    func reconfigure(_ new: HeartRateSettings) {
        let deviceChanged = new.device != settings.device || new.sharesSensor != settings.sharesSensor
        settings = new
        if deviceChanged {
            stop()
            start()
            onChange?()
        }
    }

    /// The threshold in force, and where it comes from.
    var threshold: HeartRateThreshold? { HeartRateThreshold.resolve(settings, learnedResting: learnedResting) }

    /// The resting heart rate in force: set, else learned.
    var resting: Int? { settings.restingBeatsPerMinute ?? learnedResting }

    // MARK: - Readings and the alert

    /// Once a second while a sensor is read, so kept to what a reading changes: the minute, the policy, the RR
    /// intervals; the pacing day and the clock's offset are looked up only when heart rate is above the threshold.
    private func measured(_ measurement: HeartRateMeasurement) {
        // The last minute's sync, in the background since a reading ago, is almost always done by now.
        if stream?.isSettling == true { settleStream(waiting: false) }
        let now = clock.now()
        // Half a minute before the minute is appended, its page is read in if it was reclaimed meanwhile, so the
        // append does not wait for the disk.
        let minute = floorDivide(now.secondsSinceEpoch, 60)
        if minute != readAheadMinute, now.secondsSinceEpoch - minute * 60 >= 30 {
            readAheadMinute = minute
            stream?.readAheadOfAppend()
        }
        let zoneBefore = policy.zone
        last = (measurement, now)
        if let minute = accumulator.add(measurement.beatsPerMinute, at: now, threshold: threshold?.beatsPerMinute) {
            finished(minute)
        }
        // After the minute: finishing one may learn a new resting rate, which moves the threshold.
        let threshold = self.threshold?.beatsPerMinute
        policy.observe(measurement.beatsPerMinute, at: now, threshold: threshold, settings: settings)
        if policy.zone != zoneBefore {
            logger.info(
                policy.zone == .above
                    ? "heart rate \(measurement.beatsPerMinute ?? 0) is above the threshold \(threshold ?? 0)"
                    : "heart rate is below the threshold again")
        }
        keep(measurement, at: now)
        if policy.zone == .above { alertIfDue(now: now) }
        morningIfDue(now: now)
        // Not every reading: the status's subscribers hear of a change of zone or of contact, and of the sensor.
        let contactLost = measurement.contact == .lost
        if policy.zone != zoneBefore || contactLost != lastContactLost {
            lastContactLost = contactLost
            onChange?()
        }
    }

    private func alertIfDue(now: Instant) {
        let offset = clock.utcOffsetSeconds(at: now)
        let day = store.state.day(now: now, utcOffsetSeconds: offset)
        guard let alert = policy.dueAlert(at: now, day: day, threshold: threshold?.beatsPerMinute, settings: settings)
        else { return }
        if let hold = hold(now: now, utcOffsetSeconds: offset) {
            logger.debug("heart-rate alert held: \(hold)")
            return
        }
        policy.alerted(at: now, day: day)
        let snooze = store.settings.reminders.snoozeMinutes
        let notification = DesktopNotification(
            summary: alert.title, body: alert.body, urgency: .normal, category: "x-pace.heart-rate",
            actions: [.init(key: "rest", label: "Rest"), .init(key: "snooze", label: "Snooze \(snooze) min")])
        alertNotification = desktop.show(notification, replacing: alertNotification)
        var metadata = MessageID.reminder.metadata
        metadata["pace_event"] = "reminder"
        metadata["pace_reminder"] = "heart-rate"
        metadata["pace_heart_rate"] = "\(alert.beatsPerMinute)"
        metadata["pace_heart_rate_threshold"] = "\(alert.threshold)"
        logger.notice("\(alert.title)", metadata: metadata)
    }

    // MARK: - The morning reading

    private func forgetIntervals() {
        recentIntervals.removeAll(keepingCapacity: true)
        recentUnits = 0
        lastIntervalAt = nil
    }

    /// Keeps the measurement's RR intervals, the last ``morningWindowSeconds`` of them.
    private func keep(_ measurement: HeartRateMeasurement, at now: Instant) {
        if measurement.contact == .lost || measurement.beatsPerMinute == nil {
            forgetIntervals()
            return
        }
        guard !measurement.rrIntervals.isEmpty else { return }
        if let lastAt = lastIntervalAt, now.seconds(since: lastAt) > Self.morningGapSeconds || now < lastAt {
            forgetIntervals()
        }
        lastIntervalAt = now
        recentIntervals.append(contentsOf: measurement.rrIntervals)
        recentUnits += measurement.rrIntervals.reduce(0, +)
        let limit = Self.morningWindowSeconds * 1024
        var drop = 0
        while recentUnits - recentIntervals[drop] >= limit {
            recentUnits -= recentIntervals[drop]
            drop += 1
        }
        if drop > 0 { recentIntervals.removeFirst(drop) }
    }

    /// Seconds of RR intervals kept.
    private var intervalSeconds: Int { recentUnits / 1024 }

    /// Takes the first quiet reading of the day by itself: once a day, in the morning
    /// (``MorningHeartRate/mayTakeByItself(at:dayStartedAt:usedPoints:)``: the first eight hours of the pacing day,
    /// before anything today cost effort points), when the last five minutes were one unbroken stretch of clean
    /// intervals below the threshold, with no bout running and no reading yet today. Tried at most every 30 s.
    private func morningIfDue(now: Instant) {
        guard intervalSeconds >= Self.morningWindowSeconds - 5 else { return }
        if let tried = morningTriedAt, now.seconds(since: tried) < 30, now >= tried { return }
        morningTriedAt = now
        let offset = clock.utcOffsetSeconds(at: now)
        // Cheap checks first: once today's reading is there, or the morning is over, nothing more is looked at.
        let day = store.state.day(now: now, utcOffsetSeconds: offset)
        let dayStart = store.settings.dayBoundary.start(of: day, utcOffsetSeconds: offset)
        guard now.seconds(since: dayStart) < MorningHeartRate.automaticWindowSeconds,
            store.state.morning?.reading(on: day) == nil, policy.zone == .below,
            let values = MorningHeartRate.reading(rrUnits: recentIntervals),
            threshold.map({ values.restingBeatsPerMinute < $0.beatsPerMinute }) ?? true
        else { return }
        let status = store.queryState(at: now, utcOffsetSeconds: offset).status(now: now, utcOffsetSeconds: offset)
        guard status.bout == nil,
            MorningHeartRate.mayTakeByItself(
                at: now, dayStartedAt: status.dayStartedAt, usedPoints: status.used.points)
        else { return }
        _ = recordMorning(values, rebaseline: false, now: now)
    }

    private func recordMorning(_ values: MorningValues, rebaseline: Bool, now: Instant) -> Bool {
        let offset = clock.utcOffsetSeconds(at: now)
        let event = Event(
            header: .init(at: now, utcOffsetSeconds: offset, source: .sensed),
            payload: .morningReading(.init(values, newBaseline: rebaseline)))
        do {
            try store.record([event])
            logger.info(
                "morning reading: resting \(values.restingBeatsPerMinute) bpm, RMSSD \(values.rmssdMilliseconds) ms from \(values.beats) beats\(rebaseline ? ", a new baseline" : "")"
            )
            onChange?()
            return true
        } catch {
            logger.warning("could not record the morning reading: \(error)")
            return false
        }
    }

    /// `pace morning`: a reading from the intervals kept, if there are enough; what there is, else.
    func takeMorningReading(rebaseline: Bool) -> PaceAPI.TakeMorningReading.Reply {
        let now = clock.now()
        let sensorState = (sensor?.state ?? .off).rawValue
        var reading: PaceAPI.MorningReading?
        if intervalSeconds >= Self.morningNeededSeconds,
            let values = MorningHeartRate.reading(rrUnits: recentIntervals),
            recordMorning(values, rebaseline: rebaseline, now: now)
        {
            reading = Self.wire(store.state, now: now, utcOffsetSeconds: clock.utcOffsetSeconds(at: now))
        }
        return .init(
            reading: reading, haveSeconds: intervalSeconds, neededSeconds: Self.morningNeededSeconds,
            sensor: sensorState)
    }

    /// Today's morning reading against its baseline, as `GetMorningReading` answers it.
    static func wire(_ state: PaceState, now: Instant, utcOffsetSeconds: Int) -> PaceAPI.MorningReading? {
        let day = state.day(now: now, utcOffsetSeconds: utcOffsetSeconds)
        guard let judgement = state.morning?.judgement(on: day) else { return nil }
        let baseline = judgement.baseline
        let judged = judgement.stability != .building
        return PaceAPI.MorningReading(
            at: judgement.at.rfc3339, restingBeatsPerMinute: judgement.values.restingBeatsPerMinute,
            rmssdMilliseconds: judgement.values.rmssdMilliseconds, beats: judgement.values.beats,
            stability: judgement.stability.rawValue, zScore: judgement.zScore.map { ($0 * 100).rounded() / 100 },
            baselineReadings: baseline.count,
            usualRmssdMilliseconds: judged ? (baseline.usualRMSSD * 10).rounded() / 10 : nil,
            usualRestingBeatsPerMinute: judged ? (baseline.meanRestingRate * 10).rounded() / 10 : nil,
            baselineSince: baseline.sinceDay?.iso8601, text: judgement.text)
    }

    // MARK: - Minutes and sensed bouts

    /// The minute under way, and the bout under way, are over: the sensor stopped reading.
    private func finishMinutes() {
        if let minute = accumulator.finish(before: clock.now().adding(seconds: 60)) { finished(minute) }
        if let bout = detector.finish() { record(bout) }
    }

    private func finished(_ minute: HeartRateMinute) {
        do {
            try stream?.append(minute)
            // Kept only once its sync is done: at once where it was a plain fdatasync, else when it is collected.
            if stream?.isSettling == false { reportedStreamFailure = false }
        } catch {
            streamFailed(error)
        }
        learnResting(now: minute.start.adding(seconds: 60))
        if let bout = detector.add(minute, resting: resting, threshold: threshold?.beatsPerMinute) { record(bout) }
    }

    /// Collects the background sync of the last minute appended (``HeartRateStream/settle(waiting:)``).
    private func settleStream(waiting: Bool) {
        guard let stream, stream.isSettling else { return }
        do {
            if try stream.settle(waiting: waiting) { reportedStreamFailure = false }
        } catch {
            streamFailed(error)
        }
    }

    /// Minutes cannot be kept: said once, until one is kept again.
    private func streamFailed(_ error: SystemError) {
        guard !reportedStreamFailure else { return }
        reportedStreamFailure = true
        logger.error("cannot keep heart-rate minutes: \(error)")
    }

    /// Works out the resting heart rate from the stream, at most once an hour (when none is set).
    private func learnResting(now: Instant) {
        guard settings.restingBeatsPerMinute == nil, let stream else { return }
        if let learnedAt, now.seconds(since: learnedAt) < 3600, now >= learnedAt { return }
        learnedAt = now
        let last = floorDivide(now.secondsSinceEpoch, 60)
        let means = stream.recentMinutes(from: last - Self.learningDays * 1440, through: last)
            .filter { $0.samples >= SensedBoutDetector.minimumSamples }
            .map(\.mean)
            .sorted()
        guard means.count >= Self.minimumLearningMinutes else { return }
        let learned = means[means.count / 20]
        if learned != learnedResting {
            logger.info("resting heart rate learned from \(means.count) minutes: \(learned)")
            learnedResting = learned
        }
    }

    /// Records a sensed bout, unless a typed bout is running (it wins those minutes anyway).
    private func record(_ bout: SensedBoutDetector.Bout) {
        let now = clock.now()
        let offset = clock.utcOffsetSeconds(at: now)
        if store.queryState(at: now, utcOffsetSeconds: offset).status(now: now, utcOffsetSeconds: offset).bout != nil {
            logger.info("a sensed bout of \(bout.minutes) min was not recorded: a typed bout is running")
            return
        }
        let rate = (bout.pointsPerMinute * 100).rounded() / 100
        let event = Event(
            header: .init(at: now, utcOffsetSeconds: offset, source: .sensed),
            payload: .activityLogged(
                .init(
                    activity: Self.sensedActivity, intensity: .moderate, pointsPerMinute: rate, start: bout.start,
                    durationSeconds: bout.durationSeconds)))
        do {
            try store.record([event])
            logger.info("sensed bout recorded: \(bout.minutes) min from heart rate, \(rate) points a minute")
            // As recorded, with its id: the person is asked to name it.
            if let recorded = store.recentEventsForQuestions.last(where: { $0.header.source == .sensed }) {
                onSensedBout?(recorded)
            }
        } catch {
            logger.warning("could not record a sensed bout of \(bout.minutes) min: \(error)")
        }
    }

    /// Why an alert due now waits, if it does: the same holds as every reminder's, and its own snooze.
    private func hold(now: Instant, utcOffsetSeconds: Int) -> String? {
        if let until = snoozedUntil, now < until { return "snoozed" }
        if !desktop.knowsHolds { return "waiting to learn whether do-not-disturb or a lock holds it" }
        if desktop.isDoNotDisturb && settings.alertHeldByDoNotDisturb { return "do not disturb" }
        if desktop.isLocked { return "the session is locked" }
        let local = store.settings.dayBoundary.localTime(of: now, utcOffsetSeconds: utcOffsetSeconds)
        if settings.alertHeldInQuietHours, store.settings.reminders.quietHours?.contains(local) == true {
            return "quiet hours"
        }
        return nil
    }

    /// A button of a notification was pressed; `false` when it is not the alert's.
    func answer(_ handle: NotificationHandle, _ key: String) -> Bool {
        guard handle == alertNotification else { return false }
        alertNotification = nil
        switch key {
        case "rest":
            do {
                _ = try store.perform(.startRest())
                logger.info("heart-rate alert answered: rest")
            } catch {
                logger.info("heart-rate alert answered with Rest, not recorded: \(error)")
            }
        case "snooze":
            let minutes = store.settings.reminders.snoozeMinutes
            snoozedUntil = clock.now().adding(seconds: Int64(minutes) * 60)
            logger.info("heart-rate alerts snoozed for \(minutes) min")
        default:
            break
        }
        return true
    }

    /// A notification closed; `false` when it is not the alert's.
    func closed(_ handle: NotificationHandle) -> Bool {
        guard handle == alertNotification else { return false }
        alertNotification = nil
        return true
    }

    // MARK: - For `pace hr`

    /// What `GetHeartRate` answers before the monitor runs.
    static let notRunning = PaceAPI.HeartRate(
        enabled: false, sensor: HeartRateSensorState.off.rawValue, sensorText: HeartRateSensorState.off.words,
        device: nil, deviceName: nil, batteryPercent: nil, beatsPerMinute: nil, readAt: nil, contact: nil,
        threshold: nil, thresholdBasis: nil, zone: HeartRateAlertPolicy.Zone.below.rawValue, secondsAbove: 0,
        restingBeatsPerMinute: nil, alertsToday: 0, rejectedFrames: 0)

    /// The minutes kept from `first` through `last` (minutes since 1970), whether or not a sensor is configured now.
    func minutes(from first: Int64, through last: Int64) -> [HeartRateMinute] {
        stream?.minutes(from: first, through: last) ?? []
    }

    /// The heart rate in the status: `nil` when no sensor is configured.
    func now() -> PaceAPI.HeartRateNow? {
        guard settings.isEnabled else { return nil }
        // A reading older than the policy's gap is no longer the heart rate now.
        var current = last?.measurement.beatsPerMinute
        if let at = last?.at, clock.now().seconds(since: at) > HeartRateAlertPolicy.maximumReadingGapSeconds {
            current = nil
        }
        return PaceAPI.HeartRateNow(
            beatsPerMinute: current, zone: policy.zone.rawValue,
            threshold: threshold?.beatsPerMinute, sensor: (sensor?.state ?? .off).rawValue)
    }

    /// What `GetHeartRate` answers.
    func wire() -> PaceAPI.HeartRate {
        let now = clock.now()
        let threshold = self.threshold
        let offset = clock.utcOffsetSeconds(at: now)
        let measurement = last?.measurement
        return PaceAPI.HeartRate(
            enabled: settings.isEnabled,
            sensor: (sensor?.state ?? .off).rawValue,
            sensorText: (sensor?.state ?? .off).words,
            device: sensor?.deviceAddress ?? settings.device.map { "\($0)" },
            deviceName: sensor?.deviceName,
            batteryPercent: sensor?.batteryPercent,
            beatsPerMinute: measurement?.beatsPerMinute,
            readAt: last?.at.rfc3339,
            contact: measurement?.contact.rawValue,
            threshold: threshold?.beatsPerMinute,
            thresholdBasis: threshold?.explanation,
            zone: policy.zone.rawValue,
            secondsAbove: Int(policy.secondsAbove(at: now)),
            restingBeatsPerMinute: resting,
            alertsToday: policy.alerts(on: store.state.day(now: now, utcOffsetSeconds: offset)),
            rejectedFrames: sensor?.rejectedFrames ?? 0)
    }
}
