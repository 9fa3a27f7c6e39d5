import PaceCore
import PaceProtocol
import PaceSystem

/// The state as people and programs see it now: the core's status and reminder decision, the `io.pace.Daemon`
/// `Status`, and the one line `systemctl status` shows.
@DaemonActor
final class StatusView {
    private let store: EventStore
    private let clock: any WallClock
    /// The directory holding the event log, as every status reports it.
    private let stateDirectory: String
    /// When this daemon process started, as every status reports it: written once.
    private let startedAt: String
    private let processID = Int(Syscall.processID)
    /// The last status and reminder decision worked out, with the state's generation, the moment they are for and
    /// until when they hold (``PaceState/statusAndReminders(now:utcOffsetSeconds:away:)``): a write asks for both
    /// for its reply, then again, a flush later, for `STATUS=` and the reminder driver.
    private var last:
        (
            generation: Int, now: Instant, offset: Int, away: TimeAway?, status: PaceStatus,
            reminders: ReminderDecision, steadyUntil: Instant?
        )?
    /// The heart rate now, when a sensor is configured (set once the heart-rate monitor runs).
    var heartRate: (() -> PaceAPI.HeartRateNow?)?
    /// Whether the desktop holds reminders now: `doNotDisturb`, `locked`, or `nil` (set once the reminder driver
    /// runs).
    var desktopHold: (() -> PaceAPI.RemindersHeld?)?
    /// The latest time away from the desk to ask about, for the reminder planner (set once the daemon follows the
    /// desk).
    var timeAway: (() -> TimeAway?)?

    init(store: EventStore, clock: any WallClock, stateDirectory: String, startedAt: Instant) {
        self.store = store
        self.clock = clock
        self.stateDirectory = stateDirectory
        self.startedAt = startedAt.rfc3339
    }

    /// The core's reminder decision at `now`.
    func reminders(at now: Instant) -> ReminderDecision {
        moment(now).reminders
    }

    /// The core's status at `now`.
    func core(at now: Instant) -> PaceStatus {
        moment(now).status
    }

    /// The status and the reminder decision at `now`, kept until the state changes, or the moment does while
    /// something runs or is due: with nothing running they hold until an instant the core names, so the reply to a
    /// write, `STATUS=` and the reminder driver share one.
    private func moment(_ now: Instant) -> (status: PaceStatus, reminders: ReminderDecision) {
        let offset = clock.utcOffsetSeconds(at: now)
        let away = timeAway?()
        // An import given up on ends at a question: then the state changes.
        store.finishAbandonedImport()
        if let last, last.generation == store.generation, last.offset == offset, last.away == away,
            last.now == now || (last.now < now && last.steadyUntil.map { now < $0 } == true)
        {
            return (last.status, last.reminders)
        }
        let (status, reminders, steadyUntil) = store.queryState(at: now, utcOffsetSeconds: offset)
            .statusAndReminders(now: now, utcOffsetSeconds: offset, away: away)
        last = (store.generation, now, offset, away, status, reminders, steadyUntil)
        return (status, reminders)
    }

    /// The status as `io.pace.Daemon` reports it, now.
    func wire() -> PaceAPI.Status {
        wire(at: clock.now())
    }

    /// The status as `io.pace.Daemon` reports it at `now`.
    func wire(at now: Instant) -> PaceAPI.Status {
        let status = core(at: now)
        let reminders = reminders(at: now)
        return PaceAPI.Status(
            version: ProductInfo.version,
            pid: processID,
            startedAt: startedAt,
            now: now.rfc3339,
            pacingDay: status.date.iso8601,
            dayStartHour: store.settings.dayStartHour,
            stateDirectory: stateDirectory,
            mode: Wire.mode(status.mode),
            provisional: status.isProvisional,
            calibrationDaysRecorded: status.calibrationDaysRecorded,
            calibrationDaysNeeded: status.calibrationDaysNeeded,
            base: Wire.points(status.base.points),
            budget: Wire.points(status.budget.points),
            used: Wire.points(status.used.points),
            left: Wire.points(status.left.points),
            over: Wire.points(status.over.points),
            referenceActivity: status.referenceActivity,
            referenceLabel: status.referenceLabel,
            leftMinutes: store.settings.showsReferenceMinutes ? status.left.wholeReferenceMinutes : 0,
            activity: status.bout.map(Wire.activity),
            rest: status.rest.map(Wire.rest),
            snoozedUntil: status.snoozedUntil?.rfc3339,
            flareUntil: status.flareMode?.until?.rfc3339,
            nextReminderAt: reminders.nextWakeAt?.rfc3339,
            heartRate: heartRate?(),
            remindersHeld: held(reminders)
        )
    }

    /// Why a due reminder is not shown: the core's snooze and quiet hours, else the desktop's do-not-disturb,
    /// lock, or the person at another device (``desktopHold``).
    private func held(_ decision: ReminderDecision) -> PaceAPI.RemindersHeld? {
        switch decision.held {
        case .snoozed?:
            return .init(reason: "snoozed", until: decision.heldUntil?.rfc3339)
        case .quietHours?:
            return .init(reason: "quietHours", until: decision.heldUntil?.rfc3339)
        case .minimumGap?, .dailyLimit?:
            return nil
        case nil:
            guard !decision.due.isEmpty else { return nil }
            return desktopHold?()
        }
    }

    /// One line for `systemctl status`: "42 of 110 points left · walking 12 min".
    func summary() -> String {
        let status = core(at: clock.now())
        var parts = [
            "\(Int(status.left.points.rounded())) of \(Int(status.budget.points.rounded())) points left"
                + (status.isProvisional ? " (calibrating)" : "")
        ]
        if status.mode == .flare { parts.append("flare day") }
        if let bout = status.bout {
            parts.append("\(bout.label) \(DurationText.describe(seconds: bout.elapsedSeconds))")
        }
        if let rest = status.rest { parts.append("resting \(DurationText.describe(seconds: rest.elapsedSeconds))") }
        return parts.joined(separator: " · ")
    }
}
