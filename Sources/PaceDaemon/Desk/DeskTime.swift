import Logging
import PaceCore
import PaceSystem

/// Opt-in (`[activities] desk_time = "KIND"`, off by default): minutes at the desk counted as effort of the kind
/// the person names, usually `cognitive`.
///
/// Off by default for the reason docs/envelope.md gives: an idle hint says when nobody touches the machine, not
/// what the person does while they do. For someone whose screen time is mostly effort, it is a fair estimate.
///
/// While the desk is in use (``Desktop/isAway`` false), the stretch since the person sat down becomes a sensed bout
/// (`activityLogged`, source `sensed`, the kind's own rate) every ``chunkSeconds`` and when they leave, from when
/// they left (`IdleSinceHint`). A stretch shorter than ``shortestSeconds`` is not counted (a glance is no effort).
/// Typed bouts win the minutes they share, as the record contract says; while one (or a rest) runs nothing is
/// counted, and the stretch ends at its start.
@DaemonActor
final class DeskTime {
    /// Time at the desk is recorded in pieces of at most this long, so the budget follows a long session.
    static let chunkSeconds: Int64 = 15 * 60
    /// A shorter stretch at the desk is not counted.
    static let shortestSeconds: Int64 = 5 * 60

    private let store: EventStore
    private let desktop: Desktop
    private let clock: any WallClock
    private let logger: Logger
    /// The kind desk time counts as; `nil`: off.
    var kind: String? {
        didSet { if kind != oldValue { presenceChanged() } }
    }
    /// Since when the person has been at the desk, while they are and desk time is on.
    private var presentSince: Instant?
    private var timer: WallClockTimer?
    private var warnedUnknownKind = false

    init(kind: String?, store: EventStore, desktop: Desktop, clock: any WallClock, logger: Logger) {
        self.kind = kind
        self.store = store
        self.desktop = desktop
        self.clock = clock
        self.logger = logger
    }

    /// Starts following the desk.
    /// - Throws: ``SystemError`` when the timer cannot be created.
    func start() throws(SystemError) {
        timer = try desktop.makeWallClockTimer { [unowned self] in self.chunkDue() }
        presenceChanged()
    }

    /// The desk's signals changed (away, back), or the setting did.
    func presenceChanged() {
        let now = clock.now()
        if kind == nil || desktop.isAway {
            if let since = presentSince {
                presentSince = nil
                timer?.disarm()
                if kind != nil { record(from: since, to: max(since, desktop.awaySince(now: now))) }
            }
            return
        }
        if presentSince == nil {
            presentSince = now
            timer?.arm(at: now.adding(seconds: Self.chunkSeconds))
        }
    }

    private func chunkDue() {
        guard let since = presentSince else { return }
        let now = clock.now()
        record(from: since, to: now)
        presentSince = now
        timer?.arm(at: now.adding(seconds: Self.chunkSeconds))
    }

    /// Records the stretch at the desk from `start` to `end` as a sensed bout, up to a typed bout or rest running.
    private func record(from start: Instant, to end: Instant) {
        guard let name = kind else { return }
        let offset = clock.utcOffsetSeconds(at: end)
        let state = store.state
        var end = end
        if let running = state.activity?.startedAt { end = min(end, running) }
        if let resting = state.rest?.startedAt { end = min(end, resting) }
        let seconds = end.seconds(since: start)
        guard seconds >= Self.shortestSeconds else { return }
        let kind: Event.ActivityStart
        do {
            kind = try state.activityStart(name, nil)
        } catch {
            if !warnedUnknownKind {
                warnedUnknownKind = true
                logger.warning("desk time is not counted: [activities] desk_time = \"\(name)\": \(error.message)")
            }
            return
        }
        let event = Event(
            header: .init(at: clock.now(), utcOffsetSeconds: offset, source: .sensed),
            payload: .activityLogged(
                .init(
                    activity: kind.activity, intensity: kind.intensity, pointsPerMinute: kind.pointsPerMinute,
                    start: start, durationSeconds: Int(seconds))))
        do {
            try store.record([event])
            logger.info("desk time recorded: \(seconds / 60) min of \(kind.activity)")
        } catch {
            logger.warning("could not record \(seconds / 60) min of desk time: \(error)")
        }
    }
}
