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
/// After a sensed heart-rate bout a notification like it asks that bout's kind (``SensedBoutQuestions``).
@DaemonActor
final class AwayQuestions {
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

    init(minimumSeconds: Int64, store: EventStore, desktop: Desktop, clock: any WallClock, logger: Logger) {
        self.minimumSeconds = minimumSeconds
        self.store = store
        self.desktop = desktop
        self.clock = clock
        self.logger = logger
    }

    func start() {
        desktop.awayChanged.listen { [unowned self] in self.awayChanged() }
        desktop.awayForgotten.listen { [unowned self] in self.forgetAway() }
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
        let seconds = now.seconds(since: since)
        guard minimumSeconds > 0, seconds >= minimumSeconds else { return }
        timeAway = TimeAway(start: since, end: now, kinds: store.mostUsedKinds(count: 2))
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
}
