import Logging
import PaceCore
import PaceSystem

/// "What were you doing?": notices when the person leaves the desk and comes back, and hands the core's reminder
/// planner the latest time away long enough to ask about (``timeAway``).
///
/// Away is what logind says of the session (`IdleHint`, with `IdleSinceHint` for when it began, and `LockedHint`),
/// GNOME's idle monitor where it exists, or an active screen saver (``Desktop/isAway``). Back after at least
/// ``minimumSeconds`` away, the planner asks within the one reminder budget (a slot of the day, the gap; held by
/// quiet hours, a snooze, do not disturb, and asked when they end if still relevant): "You were away 45 min
/// (10:05–10:50). What was it?" with the two kinds used most and Rest, or, with a bout left running, whether it
/// went on or stopped when they left. The reminder driver shows it and records the press. Signals that flap make
/// no question: only one time away that long does, and it is asked once.
///
/// After a sensed heart-rate bout the same notification asks that bout's kind instead (when the person is back,
/// if they are away); a press names it as `pace edit ID --kind KIND` does, keeping its heart-rate points.
@DaemonActor
final class AwayQuestions {
    private struct Question {
        var start: Instant
        var end: Instant
        var utcOffsetSeconds: Int
        var kinds: [String]
        /// The sensed bout this question names, if it asks about one (`pace edit ID --kind`).
        var sensedBout: EventID?
    }

    private let store: EventStore
    private let desktop: Desktop
    private let clock: any WallClock
    private let logger: Logger
    /// How long away asks the question when back; 0: never.
    var minimumSeconds: Int64
    private var awaySince: Instant?
    /// The latest time away long enough to ask about, for the reminder planner.
    private(set) var timeAway: TimeAway?
    /// A new time away to ask about: the reminder planner should look again.
    var onTimeAway: (() -> Void)?
    private var questions: [NotificationHandle: Question] = [:]
    private var answered: Set<NotificationHandle> = []
    private var lastHandle: NotificationHandle?
    /// A sensed bout recorded while the person was away: asked about when they are back, instead of the time away.
    private var pendingSensed: Event?

    init(minimumSeconds: Int64, store: EventStore, desktop: Desktop, clock: any WallClock, logger: Logger) {
        self.minimumSeconds = minimumSeconds
        self.store = store
        self.desktop = desktop
        self.clock = clock
        self.logger = logger
    }

    func start() {
        desktop.onAwayChanged = { [unowned self] in self.awayChanged() }
        desktop.onAwayForgotten = { [unowned self] in self.forgetAway() }
        awayChanged()
    }

    private func awayChanged() {
        let now = clock.now()
        if desktop.isAway {
            // logind says when the session went idle (even before paced ran); GNOME's idle monitor speaks after a
            // minute without input: the person left then.
            if awaySince == nil { awaySince = desktop.awaySince(now: now) }
            return
        }
        guard let since = awaySince else { return }
        awaySince = nil
        if let sensed = pendingSensed {
            pendingSensed = nil
            askKind(of: sensed)
            return
        }
        let seconds = now.seconds(since: since)
        guard minimumSeconds > 0, seconds >= minimumSeconds else { return }
        timeAway = TimeAway(start: since, end: now, kinds: mostUsedKinds())
        logger.info("back after \(seconds / 60) min away: the question what it was waits its turn among the reminders")
        onTimeAway?()
    }

    /// The desk's signals stopped saying anything (GNOME's idle monitor went away while it said idle): the time
    /// away since then is not known, so it is not asked about.
    func forgetAway() {
        guard awaySince != nil, !desktop.isAway else { return }
        awaySince = nil
        logger.info("the idle monitor went away while it said idle: that time away is not asked about")
    }

    /// A sensed heart-rate bout was recorded: ask its kind now, or when the person is back at the desk.
    func sensedBoutRecorded(_ event: Event) {
        if desktop.isAway {
            pendingSensed = event
        } else {
            askKind(of: event)
        }
    }

    private func askKind(of event: Event) {
        guard let id = event.header.id, let span = event.boutSpan, let seconds = span.durationSeconds else { return }
        let start = span.start
        let end = start.adding(seconds: Int64(seconds))
        let offset = event.header.utcOffsetSeconds
        if desktop.isDoNotDisturb { return logger.info("not asking what the sensed bout was: do not disturb") }
        let settings = store.settings
        if let quiet = settings.reminders.quietHours,
            quiet.contains(settings.dayBoundary.localTime(of: clock.now(), utcOffsetSeconds: offset))
        {
            return logger.info("not asking what the sensed bout was: quiet hours")
        }
        let question = Question(
            start: start, end: end, utcOffsetSeconds: offset, kinds: mostUsedKinds(), sensedBout: id)
        let times = "\(clockText(start, offset))–\(clockText(end, offset))"
        put(
            question,
            DesktopNotification(
                summary: "Your heart rate sensed \(minutes(start, end)) min of effort (\(times)). What was it?",
                body: "One press names it; anything else: `pace edit \(id.short) --kind KIND`.", urgency: .low,
                category: "x-pace.reminder",
                actions: question.kinds.map { DesktopNotification.Action(key: "kind:\($0)", label: $0) },
                expireTimeout: .zero))
        logger.info("asked what the sensed bout \(id.short) was")
    }

    private func put(_ question: Question, _ notification: DesktopNotification) {
        let handle = desktop.show(notification, replacing: lastHandle)
        if let lastHandle { questions[lastHandle] = nil }
        lastHandle = handle
        questions[handle] = question
    }

    /// Answers a press on the question about a sensed bout; false when `handle` is not one.
    func answer(_ handle: NotificationHandle, _ key: String) -> Bool {
        guard let question = questions[handle] else {
            guard answered.contains(handle) else { return false }
            logger.info("the away question \(handle) was already answered; the press of \(key) is ignored")
            return true
        }
        let seconds = Int(question.end.seconds(since: question.start))
        do {
            if key.hasPrefix("kind:"), question.kinds.contains(String(key.dropFirst(5))),
                let bout = question.sensedBout
            {
                // Named the way `pace edit ID --kind KIND` names it: the heart-rate points stay.
                try store.amend(bout.description, activity: String(key.dropFirst(5)))
            } else {
                logger.warning("the away question \(handle): unknown action \(key); ignored")
                return true
            }
        } catch {
            logger.warning("could not record the answer to the away question: \(error)")
            return true
        }
        logger.info("the sensed bout (\(seconds / 60) min) named \(key)")
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

    /// The two kinds the person used most in the recent days the store keeps (sensed bouts aside), then the
    /// first configured kinds.
    private func mostUsedKinds() -> [String] {
        var counts: [String: Int] = [:]
        for event in store.recentEventsForQuestions {
            switch event.payload {
            case .activityStarted(let start): counts[start.activity, default: 0] += 1
            case .activityLogged(let logged) where logged.activity != HeartRateMonitor.sensedActivity:
                counts[logged.activity, default: 0] += 1
            default: break
            }
        }
        var kinds = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        for kind in store.settings.activities.map(\.name) where !kinds.contains(kind) { kinds.append(kind) }
        return Array(kinds.prefix(2))
    }

    private func minutes(_ start: Instant, _ end: Instant) -> Int64 { end.seconds(since: start) / 60 }

    private func clockText(_ instant: Instant, _ offset: Int) -> String {
        let time = store.settings.dayBoundary.localTime(of: instant, utcOffsetSeconds: offset)
        return (time.hour < 10 ? "0" : "") + "\(time.hour):" + (time.minute < 10 ? "0" : "") + "\(time.minute)"
    }
}
