import Logging
import PaceCore
import PaceSystem

/// "What were you doing?": when the person comes back to the desk after a long time away, one notification asks
/// what it was, and one press records it with its real times, as a typed event arriving late.
///
/// Away is what logind says of the session (`IdleHint`, `LockedHint`), GNOME's idle monitor where it exists, or
/// an active screen saver (``Desktop/isAway``). Back after at least ``minimumSeconds`` away, with nothing running, the notification
/// "You were away 45 min (10:05–10:50)" offers the two kinds the person used most lately and Rest; [kind] records
/// the activity done then (`pace log`), [Rest] a rest from the start to the end of the time away. Signals that
/// flap make no question: only one time away that long does, and it is asked once. Nothing is asked during quiet
/// hours or do not disturb: the moment has passed when they end.
///
/// After a sensed heart-rate bout a notification like it asks that bout's kind (``SensedBoutQuestions``).
@DaemonActor
final class AwayQuestions {
    private struct Question {
        var start: Instant
        var end: Instant
        var utcOffsetSeconds: Int
        var kinds: [String]
    }

    private let store: EventStore
    private let desktop: Desktop
    private let clock: any WallClock
    private let logger: Logger
    /// How long away asks the question when back; 0: never.
    var minimumSeconds: Int64
    private var awaySince: Instant?
    private var questions: [NotificationHandle: Question] = [:]
    private var answered: Set<NotificationHandle> = []
    private var lastHandle: NotificationHandle?

    init(minimumSeconds: Int64, store: EventStore, desktop: Desktop, clock: any WallClock, logger: Logger) {
        self.minimumSeconds = minimumSeconds
        self.store = store
        self.desktop = desktop
        self.clock = clock
        self.logger = logger
    }

    func start() {
        desktop.onAwayChanged = { [unowned self] in self.awayChanged() }
        awayChanged()
    }

    private func awayChanged() {
        let now = clock.now()
        if desktop.isAway {
            // GNOME's idle monitor speaks after a minute without input: the person left then.
            if awaySince == nil {
                awaySince = now.adding(seconds: -(desktop.idleMonitorDelay?.components.seconds ?? 0))
            }
            return
        }
        guard let since = awaySince else { return }
        awaySince = nil
        let seconds = now.seconds(since: since)
        guard minimumSeconds > 0, seconds >= minimumSeconds else { return }
        ask(from: since, to: now)
    }

    private func ask(from start: Instant, to end: Instant) {
        let state = store.state
        let offset = clock.utcOffsetSeconds(at: end)
        let settings = store.settings
        if state.activity != nil || state.rest != nil {
            logger.info("back after \(minutes(start, end)) min away, with a bout or rest running: nothing to ask")
            return
        }
        if desktop.isDoNotDisturb {
            logger.info("back after \(minutes(start, end)) min away; not asking what it was: do not disturb")
            return
        }
        if let quiet = settings.reminders.quietHours,
            quiet.contains(settings.dayBoundary.localTime(of: end, utcOffsetSeconds: offset))
        {
            logger.info("back after \(minutes(start, end)) min away; not asking what it was: quiet hours")
            return
        }
        let question = Question(start: start, end: end, utcOffsetSeconds: offset, kinds: store.mostUsedKinds(count: 2))
        let buttons =
            question.kinds.map { DesktopNotification.Action(key: "kind:\($0)", label: $0) }
            + [DesktopNotification.Action(key: "rest", label: "Rest")]
        let span = "\(clockText(start, offset))–\(clockText(end, offset))"
        let notification = DesktopNotification(
            summary: "You were away \(minutes(start, end)) min (\(span)). What was it?",
            body: "One press records it with its times; anything else: `pace log`.", urgency: .low,
            category: "x-pace.reminder", actions: Array(buttons.prefix(Reminder.maximumButtons)),
            expireTimeout: .zero)
        put(question, notification)
        logger.info("back after \(minutes(start, end)) min away (\(span)): asked what it was")
    }

    private func put(_ question: Question, _ notification: DesktopNotification) {
        let handle = desktop.show(notification, replacing: lastHandle)
        if let lastHandle { questions[lastHandle] = nil }
        lastHandle = handle
        questions[handle] = question
    }

    /// Answers a press on an away question; false when `handle` is not one.
    func answer(_ handle: NotificationHandle, _ key: String) -> Bool {
        guard let question = questions[handle] else {
            guard answered.contains(handle) else { return false }
            logger.info("the away question \(handle) was already answered; the press of \(key) is ignored")
            return true
        }
        let seconds = Int(question.end.seconds(since: question.start))
        do {
            if key == "rest" {
                // Late and out of order: the rest's own times, through the one append path.
                try store.record([
                    Event(
                        at: question.start, utcOffsetSeconds: question.utcOffsetSeconds,
                        .restStarted(.init(plannedSeconds: nil))),
                    Event(at: question.end, utcOffsetSeconds: question.utcOffsetSeconds, .restEnded),
                ])
            } else if key.hasPrefix("kind:"), question.kinds.contains(String(key.dropFirst(5))) {
                _ = try store.perform(
                    .logActivity(activity: String(key.dropFirst(5)), start: question.start, durationSeconds: seconds))
            } else {
                logger.warning("the away question \(handle): unknown action \(key); ignored")
                return true
            }
        } catch {
            logger.warning("could not record the answer to the away question: \(error)")
            return true
        }
        logger.info("the time away (\(seconds / 60) min) recorded as \(key)")
        questions[handle] = nil
        answered.insert(handle)
        return true
    }

    /// Forgets a closed question; false when `handle` is not one.
    func closed(_ handle: NotificationHandle) -> Bool {
        if lastHandle == handle { lastHandle = nil }
        let known = questions.removeValue(forKey: handle) != nil || answered.contains(handle)
        return known
    }

    private func minutes(_ start: Instant, _ end: Instant) -> Int64 { end.seconds(since: start) / 60 }

    private func clockText(_ instant: Instant, _ offset: Int) -> String {
        let time = store.settings.dayBoundary.localTime(of: instant, utcOffsetSeconds: offset)
        return (time.hour < 10 ? "0" : "") + "\(time.hour):" + (time.minute < 10 ? "0" : "") + "\(time.minute)"
    }
}
