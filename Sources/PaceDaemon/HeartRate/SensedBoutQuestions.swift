import Logging
import PaceCore
import PaceSystem

/// "What was it?" after a sensed heart-rate bout: one notification asks the bout's kind, offering the two kinds
/// the person used most; one press names it as `pace edit ID --kind KIND` does, keeping its heart-rate points.
///
/// Every sensed bout is asked about once, within the one reminder budget (docs/envelope.md): the question waits
/// while the person is away from the desk (it comes when they are back), while do-not-disturb or a locked session
/// holds reminders, and for what holds every reminder (a snooze, the quiet hours, the minimum gap after the last
/// one, the day's maximum: ``PaceCore/PaceState/questionHold(now:utcOffsetSeconds:)``). It is recorded as a shown
/// reminder with the id `sensed:EVENT-ID` before it is shown, so it counts in the day's reminders and never comes
/// twice, across restarts too; bouts sensed while paced was stopped are asked about when it starts. A bout still
/// not asked a day after it ended (the day's reminders were used up) is left to `pace edit`, with a journal line.
@DaemonActor
final class SensedBoutQuestions {
    private struct Question {
        var bout: EventID
        var kinds: [String]
    }

    /// The prefix of a question's reminder id: `sensed:` and the bout's event id.
    static let idPrefix = "sensed:"
    /// How long after its end a sensed bout is still asked about.
    static let longestWaitSeconds: Int64 = 86_400
    /// How often a question held by the desktop (do-not-disturb, a lock, no notification server, not knowing yet) is
    /// tried again.
    static let desktopRetrySeconds: Int64 = 60

    private let store: EventStore
    private let desktop: Desktop
    private let clock: any WallClock
    private let logger: Logger
    /// Sensed bouts not asked about yet, as recorded (with their ids), oldest first.
    private var pending: [Event] = []
    private var questions: [NotificationHandle: Question] = [:]
    private var answered: Set<NotificationHandle> = []
    private var lastHandle: NotificationHandle?
    private var timer: WallClockTimer?

    init(store: EventStore, desktop: Desktop, clock: any WallClock, logger: Logger) {
        self.store = store
        self.desktop = desktop
        self.clock = clock
        self.logger = logger
    }

    /// The reminder id of the question about `bout`.
    static func reminderID(_ bout: EventID) -> ReminderID { ReminderID(idPrefix + bout.description) }

    /// Picks up the sensed bouts of the last days not asked about yet, and asks if it may.
    func start() {
        do {
            timer = try desktop.makeWallClockTimer { [unowned self] in self.askIfDue() }
        } catch {
            logger.warning("sensed-bout questions wait for the next change: no timer (\(error))")
        }
        pending = unasked()
        askIfDue()
    }

    /// A sensed bout was recorded (`event` as recorded, with its id): ask its kind when the budget allows.
    func recorded(_ event: Event) {
        guard event.header.id != nil else { return }
        pending.append(event)
        askIfDue()
    }

    /// The person came back to the desk, or left it.
    func awayChanged() { askIfDue() }

    /// Asks about the oldest bout not asked about, if nothing holds it; else tries again when the hold ends.
    func askIfDue() {
        let now = clock.now()
        pending.removeAll { event in
            guard let end = Self.end(of: event), now.seconds(since: end) > Self.longestWaitSeconds else { return false }
            let short = event.header.id?.short ?? "ID"
            logger.info(
                "the sensed bout \(short) was not asked about within a day; `pace edit \(short) --kind KIND` names it")
            return true
        }
        guard let event = pending.first else {
            timer?.disarm()
            return
        }
        // Back at the desk asks it (``awayChanged()``).
        if desktop.isAway { return timer?.disarm() ?? () }
        if !desktop.knowsHolds || desktop.isDoNotDisturb || desktop.isLocked || desktop.notificationServer == nil {
            timer?.arm(at: now.adding(seconds: Self.desktopRetrySeconds))
            return
        }
        let offset = clock.utcOffsetSeconds(at: now)
        if let (hold, until) = store.state.questionHold(now: now, utcOffsetSeconds: offset) {
            logger.debug("the question about a sensed bout is held: \(hold.rawValue)")
            timer?.arm(at: max(until ?? now, now.adding(seconds: 1)))
            return
        }
        pending.removeFirst()
        ask(event, now: now)
        // The next waits for the gap after this one.
        askIfDue()
    }

    private func ask(_ event: Event, now: Instant) {
        guard let id = event.header.id, let span = event.boutSpan, let end = Self.end(of: event) else { return }
        let reminder = Self.reminderID(id)
        do {
            // Recorded first: counted in the day's reminders, and never asked twice.
            try store.perform(.reminderShown(reminder, covers: []))
        } catch {
            logger.error("could not record the question about the sensed bout \(id.short), not asking now: \(error)")
            return
        }
        let offset = event.header.utcOffsetSeconds
        let kinds = store.mostUsedKinds(count: 2)
        let times = "\(clockText(span.start, offset))–\(clockText(end, offset))"
        let command = "`pace edit \(id.short) --kind KIND`"
        let buttons = desktop.notificationServer?.supportsActions ?? true
        let notification = DesktopNotification(
            summary: "Your heart rate sensed \(end.seconds(since: span.start) / 60) min of effort (\(times)). "
                + "What was it?",
            body: buttons ? "One press names it; anything else: \(command)." : "Name it with \(command).",
            urgency: .low, category: "x-pace.reminder",
            actions: buttons ? kinds.map { DesktopNotification.Action(key: "kind:\($0)", label: $0) } : [],
            expireTimeout: .zero)
        let handle = desktop.show(notification, replacing: lastHandle)
        if let lastHandle { questions[lastHandle] = nil }
        lastHandle = handle
        questions[handle] = Question(bout: id, kinds: kinds)
        var metadata = MessageID.reminder.metadata
        metadata["pace_event"] = "reminder"
        metadata["pace_reminder"] = "\(reminder)"
        logger.notice("asked what the sensed bout \(id.short) was (\(times))", metadata: metadata)
    }

    /// Answers a press on a question; false when `handle` is not one.
    func answer(_ handle: NotificationHandle, _ key: String) -> Bool {
        guard let question = questions[handle] else {
            guard answered.contains(handle) else { return false }
            logger.info("the sensed-bout question \(handle) was already answered; the press of \(key) is ignored")
            return true
        }
        let kind = String(key.dropFirst("kind:".count))
        guard key.hasPrefix("kind:"), question.kinds.contains(kind) else {
            logger.warning("the sensed-bout question \(handle): unknown action \(key); ignored")
            return true
        }
        do {
            // Named the way `pace edit ID --kind KIND` names it: the heart-rate points stay.
            try store.amend(question.bout.description, activity: kind)
        } catch {
            logger.warning("could not name the sensed bout \(question.bout.short): \(error)")
            return true
        }
        logger.info("the sensed bout \(question.bout.short) named \(kind)")
        questions[handle] = nil
        answered.insert(handle)
        return true
    }

    /// Forgets a closed question; false when `handle` is not one.
    func closed(_ handle: NotificationHandle) -> Bool {
        if lastHandle == handle { lastHandle = nil }
        return questions.removeValue(forKey: handle) != nil || answered.contains(handle)
    }

    /// Sensed bouts of the recent days, still unnamed, neither asked about nor taken back, oldest first.
    private func unasked() -> [Event] {
        let events = store.recentEventsForQuestions
        var corrected: Set<EventID> = []
        for event in events {
            switch event.payload {
            case .amended(let amendment): corrected.insert(amendment.target)
            case .retracted(let retraction): corrected.insert(retraction.target)
            default: break
            }
        }
        let days = store.state.days.suffix(2)
        let now = clock.now()
        return events.filter { event in
            guard event.header.source == .sensed, case .activityLogged(let logged) = event.payload,
                logged.activity == HeartRateMonitor.sensedActivity, let id = event.header.id, !corrected.contains(id),
                let end = Self.end(of: event), now.seconds(since: end) <= Self.longestWaitSeconds
            else { return false }
            let reminder = Self.reminderID(id)
            return !days.contains { $0.wasShown(reminder) }
        }
    }

    private static func end(of event: Event) -> Instant? {
        guard let span = event.boutSpan, let seconds = span.durationSeconds else { return nil }
        return span.start.adding(seconds: Int64(seconds))
    }

    private func clockText(_ instant: Instant, _ offset: Int) -> String {
        let time = store.settings.dayBoundary.localTime(of: instant, utcOffsetSeconds: offset)
        return (time.hour < 10 ? "0" : "") + "\(time.hour):" + (time.minute < 10 ? "0" : "") + "\(time.minute)"
    }
}

extension EventStore {
    /// The `count` kinds the person used most in the recent days the store keeps (sensed bouts aside), then the
    /// first configured kinds: what a one-tap question offers.
    func mostUsedKinds(count: Int) -> [String] {
        var counts: [String: Int] = [:]
        for event in recentEventsForQuestions {
            switch event.payload {
            case .activityStarted(let start): counts[start.activity, default: 0] += 1
            case .activityLogged(let logged) where logged.activity != HeartRateMonitor.sensedActivity:
                counts[logged.activity, default: 0] += 1
            default: break
            }
        }
        var kinds = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        for kind in settings.activities.map(\.name) where !kinds.contains(kind) { kinds.append(kind) }
        return Array(kinds.prefix(count))
    }
}
