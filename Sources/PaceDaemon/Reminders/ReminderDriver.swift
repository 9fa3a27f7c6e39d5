import Logging
import PaceCore
import PaceProtocol
import PaceSystem

/// Says what the core decides to remind, and turns the answers into events.
///
/// The core answers "what should be shown now, and when could that change?" (`PaceState.reminders`); this
/// driver asks it after every change of state, when the one wall-clock timer it keeps armed for the core's
/// next-wake instant fires, after a resume or a clock jump, and when the desktop stops holding reminders.
/// Asking is idempotent — a shown reminder is recorded in the log before anything else happens — so a
/// resume reported twice, or a timer firing beside it, shows one coalesced reminder, never a burst.
///
/// A reminder goes to the desktop (a notification with Stop / Snooze / Start rest), to the journal (with its
/// `MESSAGE_ID`) and to `Watch` subscribers. Do not disturb and a locked session hold it; it is shown when
/// they end, if the core still finds it due. Without a session bus it still reaches the journal and `Watch`,
/// and the desktop gets it when a notification server answers, if it still applies — which is also what
/// happens to a reminder due at start-up, decided before the session bus connection is ready. Until the
/// desktop knows whether do-not-disturb or a lock holds reminders (``Desktop/knowsHolds``, a moment after
/// start-up), a due reminder waits.
///
/// With a sync folder, a device the person is not at holds its reminders too (``PresenceBoard``): the one they
/// are at shows them, and its `reminderShown`, merged through the folder, keeps the others from repeating them.
///
/// A notification whose reminder went stale, or was answered (with its buttons or with `pace`), is closed; a
/// server closing it after a button was pressed is not a second answer.
@DaemonActor
final class ReminderDriver {
    /// Where a round of ``evaluate()`` is.
    private enum Round {
        case idle
        /// Asking the core and acting on it; `again` when something changed meanwhile and it must ask once more.
        case running(again: Bool)
    }

    private let store: EventStore
    private let status: StatusView
    private let feed: ChangeFeed
    private let desktop: Desktop
    private let clock: any WallClock
    private let logger: Logger
    private var timer: WallClockTimer?
    /// The open notification of each reminder shown in this run.
    private var notifications: [ReminderID: NotificationHandle] = [:]
    private var reminders: [NotificationHandle: Reminder] = [:]
    /// The latest reminder, when no notification server took it (no session bus, no server yet): the desktop
    /// gets it once a server answers, if it still applies.
    private var undelivered: Reminder?
    /// The id of the reminder shown last in this run.
    private var latest: ReminderID?
    /// The notification that the next one replaces, so reminders never pile up on screen.
    private var lastNotification: NotificationHandle?
    private var round = Round.idle
    /// ``awaitsAnswer`` may have changed without a change of state (a notification expired or went unshown).
    var onAwaitsAnswerChanged: (() -> Void)?

    /// Whether a reminder waits for an answer: one on screen not yet answered, or one no notification server took.
    var awaitsAnswer: Bool { !reminders.isEmpty || undelivered != nil }
    /// Which device the person is at, with a sync folder: a device they are not at holds its reminders.
    var presence: PresenceBoard?

    init(
        store: EventStore, status: StatusView, feed: ChangeFeed, desktop: Desktop, clock: any WallClock,
        logger: Logger
    ) {
        self.store = store
        self.status = status
        self.feed = feed
        self.desktop = desktop
        self.clock = clock
        self.logger = logger
    }

    /// Hooks into the desktop's events and makes the first decision.
    /// - Throws: ``SystemError`` when the wall-clock timer cannot be created.
    func start() throws(SystemError) {
        timer = try desktop.makeWallClockTimer { [unowned self] in self.evaluate() }
        desktop.onAction = { [unowned self] handle, key in self.answer(handle, key) }
        desktop.onClosed = { [unowned self] handle, reason in self.closed(handle, reason) }
        // The status says whether reminders are held: tell `Watch` and the status file (which also re-evaluates).
        desktop.holdChanged.listen { [unowned self] in self.feed.changed() }
        desktop.holdsKnown.listen { [unowned self] in self.evaluate() }
        desktop.notificationServerChanged.listen { [unowned self] in self.evaluate() }
        desktop.resumed.listen { [unowned self] in
            self.logger.info("the machine woke up; reminders re-evaluated")
            self.evaluate()
        }
        desktop.clockChanged.listen { [unowned self] change in
            self.logger.info("the wall clock changed (\(change)); reminders re-evaluated")
            // The daemon's time may have moved past events left out of the state, or back before events in it.
            self.store.catchUp()
            self.evaluate()
        }
        evaluate()
    }

    /// Why a due reminder is not shown now, if the desktop holds it.
    var hold: String? {
        // For a moment after start-up or a bus coming: a reminder due then waits to learn whether it may be shown.
        if !desktop.knowsHolds { return "waiting to learn whether do-not-disturb or a lock holds it" }
        if desktop.isDoNotDisturb { return "do not disturb" }
        if desktop.isLocked { return "the session is locked" }
        return presence?.hold
    }

    /// Whether the desktop holds reminders now, as the status names it: `doNotDisturb`, `locked`, or
    /// `otherDevice` with the device that shows them (the person is at it: ``PresenceBoard``).
    var desktopHold: PaceAPI.RemindersHeld? {
        if desktop.isDoNotDisturb { return .init(reason: "doNotDisturb", until: nil) }
        if desktop.isLocked { return .init(reason: "locked", until: nil) }
        if let device = presence?.showingDevice { return .init(reason: "otherDevice", until: nil, device: device) }
        return nil
    }

    /// Asks the core what is due and acts on it; safe to call at any time, any number of times.
    func evaluate() {
        // Recording a reminder changes the state, which asks again: finish this round first.
        if case .running = round {
            round = .running(again: true)
            return
        }
        round = .running(again: false)
        evaluateOnce()
        while case .running(again: true) = round {
            round = .running(again: false)
            evaluateOnce()
        }
        round = .idle
    }

    private func evaluateOnce() {
        let now = clock.now()
        let decision = status.reminders(at: now)
        // The core's stale reminders, and those answered since shown — with `pace` rather than their buttons.
        let answered = Set(store.state.days.last?.remindersAnswered ?? [])
        for id in decision.stale + notifications.keys.filter(answered.contains) {
            if let handle = notifications.removeValue(forKey: id) {
                reminders[handle] = nil
                desktop.close(handle)
            }
        }
        if let reminder = decision.due.first {
            if let hold {
                logger.debug("reminder \(reminder.id) held: \(hold)")
            } else {
                show(reminder, now: now)
            }
        } else if let reminder = undelivered, hold == nil, desktop.notificationServer != nil {
            undelivered = nil
            if stillApplies(reminder, decision: decision, now: now) {
                logger.info("reminder \(reminder.id) shown on the desktop now that a notification server answers")
                deliver(reminder)
            }
        }
        var next = decision.nextWakeAt
        // Held for another device that claims the person: decided again when that claim lapses, if it does.
        if !decision.due.isEmpty, hold != nil, let lapse = presence?.heldUntilLapse {
            next = next.map { min($0, lapse) } ?? lapse
        }
        if let next { timer?.arm(at: next) } else { timer?.disarm() }
    }

    private func show(_ reminder: Reminder, now: Instant) {
        do {
            // Recorded first: if the daemon stops right after, the reminder is not shown twice.
            try store.perform(.reminderShown(reminder.id, covers: reminder.covers))
        } catch {
            logger.error("could not record reminder \(reminder.id), not showing it now: \(error)")
            return
        }
        undelivered = nil
        latest = reminder.id
        deliver(reminder)
        var metadata = MessageID.reminder.metadata
        metadata["pace_event"] = "reminder"
        metadata["pace_reminder"] = "\(reminder.id)"
        metadata["pace_budget_left"] = "\(Int(status.core(at: now).left.points.rounded()))"
        if !reminder.covers.isEmpty { metadata["pace_reminder_covers"] = "\(reminder.covers.count)" }
        logger.notice("\(reminder.title)", metadata: metadata)
        feed.broadcast(PaceAPI.Watch.Reply(status: status.wire(at: now), reminder: Wire.reminder(reminder)))
    }

    /// Puts `reminder` on the desktop, in place of the last notification.
    private func deliver(_ reminder: Reminder) {
        let handle = desktop.show(notification(for: reminder), replacing: lastNotification)
        lastNotification = handle
        notifications[reminder.id] = handle
        reminders[handle] = reminder
        onAwaitsAnswerChanged?()
    }

    /// Whether a reminder recorded earlier today is still worth putting on the desktop: not answered (from the
    /// CLI, say) and its situation not passed.
    private func stillApplies(_ reminder: Reminder, decision: ReminderDecision, now: Instant) -> Bool {
        let state = store.state
        let today = state.day(now: now, utcOffsetSeconds: clock.utcOffsetSeconds(at: now))
        guard let record = state.days.last, record.date == today, record.wasShown(reminder.id) else { return false }
        return !record.remindersAnswered.contains(reminder.id) && !decision.stale.contains(reminder.id)
    }

    /// The notification for `reminder`: its buttons (at most ``Reminder/maximumButtons``) when the server shows
    /// them, else the command to type; no timeout for one that stays until answered.
    private func notification(for reminder: Reminder) -> DesktopNotification {
        let snooze = store.settings.reminders.snoozeMinutes
        var actions = reminder.actions.compactMap { action -> DesktopNotification.Action? in
            switch action {
            case .stop: return .init(key: "stop", label: "Stop")
            case .snooze: return .init(key: "snooze", label: "Snooze \(snooze) min")
            case .startRest: return .init(key: "rest", label: "Start rest")
            case .dismissed: return nil
            }
        }
        actions += reminder.answers.map { DesktopNotification.Action(key: $0.key, label: $0.label) }
        let buttons = desktop.notificationServer?.supportsActions ?? true
        return DesktopNotification(
            summary: reminder.title, body: buttons ? reminder.body : reminder.bodyWithCommand,
            urgency: reminder.urgency == .low ? .low : .normal, category: "x-pace.reminder",
            actions: buttons ? Array(actions.prefix(Reminder.maximumButtons)) : [],
            expireTimeout: reminder.staysUntilAnswered ? .zero : nil)
    }

    /// A button was pressed: the same event the CLI would make, once.
    private func answer(_ handle: NotificationHandle, _ key: String) {
        guard let reminder = reminders[handle] else {
            logger.info("\(handle) was already answered or closed; the press of \(key) is ignored")
            return
        }
        let id = reminder.id
        do {
            let what: String
            if let answer = reminder.answers.first(where: { $0.key == key }) {
                try record(answer.effect)
                what = answer.label
            } else {
                let action: ReminderAction
                switch key {
                case "stop" where reminder.actions.contains(.stop): action = .stop
                case "snooze" where reminder.actions.contains(.snooze): action = .snooze
                case "rest" where reminder.actions.contains(.startRest): action = .startRest
                default:
                    logger.warning("reminder \(id): the notification server reported an unknown action \(key); ignored")
                    return
                }
                try store.perform(.reminderActedOn(id, action))
                what = action.rawValue
            }
            logger.info("reminder \(id) answered: \(what)")
            // Answered: servers close the notification now ("dismissed by the user"), which is no second answer.
            reminders[handle] = nil
            if notifications[id] == handle { notifications[id] = nil }
            onAwaitsAnswerChanged?()
        } catch {
            logger.warning("could not record the answer to reminder \(id): \(error)")
        }
    }

    /// Records what a press on one of a question's answers means: the event the CLI would make for it.
    private func record(_ effect: ReminderAnswer.Effect) throws(EventStore.Refusal) {
        switch effect {
        case .checkIn(let checkIn):
            try store.perform(.checkIn(checkIn))
        case .logActivity(let activity, let start, let seconds):
            try store.perform(.logActivity(activity: activity, start: start, durationSeconds: seconds))
        case .rest(let start, let end):
            // Late and out of order: the rest's own times, through the one append path.
            let offset = clock.utcOffsetSeconds(at: start)
            try store.record([
                Event(at: start, utcOffsetSeconds: offset, .restStarted(.init(plannedSeconds: nil))),
                Event(at: end, utcOffsetSeconds: offset, .restEnded),
            ])
        case .stopActivity(let at):
            try store.perform(.stopActivity, at: at)
        case .keepActivity:
            break
        }
    }

    private func closed(_ handle: NotificationHandle, _ reason: NotificationCloseReason) {
        if lastNotification == handle { lastNotification = nil }
        guard let reminder = reminders.removeValue(forKey: handle) else { return }
        defer { onAwaitsAnswerChanged?() }
        if notifications[reminder.id] == handle { notifications[reminder.id] = nil }
        switch reason {
        case .dismissed:
            _ = try? store.perform(.reminderActedOn(reminder.id, .dismissed))
        case .notDelivered:
            // Only the latest reminder is worth showing late; a newer one takes its place on screen anyway.
            if reminder.id == latest { undelivered = reminder }
        default:
            break
        }
    }

    /// The desktop connection's state, for `GetHealth`.
    func health() -> PaceAPI.DesktopHealth {
        PaceAPI.DesktopHealth(
            sessionBus: desktop.isSessionBusConnected, systemBus: desktop.isSystemBusConnected,
            notificationServer: desktop.notificationServer.map { "\($0.name) \($0.version)" },
            actions: desktop.notificationServer?.supportsActions ?? false, doNotDisturb: desktop.isDoNotDisturb,
            locked: desktop.isLocked)
    }
}
