import Logging
import PaceCore
import PaceSystem

/// Pace in the panel, for people who never open a terminal: what the tray shows, made from the pacing state, and
/// its menu's clicks turned into the events `pace` and the notifications' buttons make.
///
/// The icon is a ring of what is left today; the item asks for attention while a reminder waits for an answer or
/// the budget is used; the tooltip is the status line. The menu starts one of the person's usual kinds (those
/// started most in the last weeks, else the first configured), stops, rests, snoozes, switches flare mode, checks
/// in with the energy answers of the morning prompt, and opens the report (`pace report --html`, shown with
/// `xdg-open`).
///
/// While a panel shows it (a StatusNotifierWatcher took the item) it is redrawn after every change of state and,
/// while an activity or a rest runs, once a minute (what is left drains); with nothing running, or no panel, no
/// timer is armed and nothing is drawn. A click is checked against the menu as it is now: an entry
/// that no longer applies (stop twice, start what already runs, flare on when it is on) records nothing.
@DaemonActor
final class TrayController {
    private let store: EventStore
    private let status: StatusView
    private let reminders: ReminderDriver
    private let desktop: Desktop
    private let clock: any WallClock
    private let logger: Logger
    /// Where the report goes before it is opened, and the `pace` that draws it.
    private let report: (file: String, pace: String, socket: String)
    private lazy var minuteTimer = LoopTimer { [weak self] in self?.refresh() }

    /// Whether Pace is in the panel (`[desktop] tray`); switching it off takes the item out of panels.
    var isShown = true {
        didSet {
            guard isShown != oldValue else { return }
            if isShown {
                refresh()
            } else {
                hasContent = false
                desktop.hideTray()
            }
        }
    }

    /// Whether the item was given what to show since it was last put in panels. While no watcher has taken it (no
    /// panel runs: a server, a desktop without a tray) it keeps that, and changes are not drawn for nobody: the tray
    /// made after every change was most of an acknowledged write's instructions. The registration draws the state
    /// as it is then (``start()``), and hosts hear of what changed since.
    private var hasContent = false

    /// How many of the person's kinds the menu offers to start.
    static let usualKindCount = 4

    init(
        store: EventStore, status: StatusView, reminders: ReminderDriver, desktop: Desktop, clock: any WallClock,
        logger: Logger, report: (file: String, pace: String, socket: String)
    ) {
        self.store = store
        self.status = status
        self.reminders = reminders
        self.desktop = desktop
        self.clock = clock
        self.logger = logger
        self.report = report
    }

    isolated deinit {
        minuteTimer.cancel()
    }

    /// Puts Pace in the panel and follows its menu.
    func start() {
        desktop.onTrayAction = { [unowned self] action in clicked(action) }
        // What changed while no panel showed the item, and the menu with its usual kinds: a panel reads them now.
        desktop.onTrayRegistered = { [unowned self] in refresh() }
        refresh()
    }

    /// Shows the state now; safe to call any number of times (hosts hear only of what changed).
    func refresh() {
        guard isShown else { return minuteTimer.cancel() }
        guard !hasContent || desktop.trayWatcher != nil else { return minuteTimer.cancel() }
        let now = clock.now()
        let core = status.core(at: now)
        desktop.showInTray(content(core, now: now))
        hasContent = true
        if let elapsed = core.bout?.elapsedSeconds ?? core.rest?.elapsedSeconds {
            minuteTimer.schedule(after: .seconds(60 - elapsed % 60))
        } else {
            minuteTimer.cancel()
        }
    }

    // MARK: - What the tray shows

    /// What the tray shows; the menu offers the usual kinds if `allKinds`, or if a panel shows it.
    private func content(_ core: PaceStatus, now: Instant, allKinds: Bool = false) -> TrayContent {
        let budget = core.budget.points
        let left = core.left.points
        let used = core.over.points > 0 || (budget > 0 && left <= 0)
        // In hundredths: a running bout changes the picture (and hosts redraw it) only when the ring would move.
        let fraction = budget > 0 ? (left / budget * 100).rounded() / 100 : 0
        let tone: RingIcon.Tone =
            used ? .over : core.mode == .flare ? .flare : fraction <= 0.25 ? .low : .normal
        let icon = RingIcon(fraction: fraction, tone: tone, running: core.bout != nil || core.rest != nil)
        let summary = status.summary()
        return TrayContent(
            status: reminders.awaitsAnswer || used ? .needsAttention : .active, icon: icon, tooltip: summary,
            menu: menu(core, summary: summary, now: now, usualKinds: allKinds || desktop.trayWatcher != nil))
    }

    private func menu(_ core: PaceStatus, summary: String, now: Instant, usualKinds counted: Bool) -> [TrayMenuEntry] {
        var entries: [TrayMenuEntry] = [.line(summary), .separator]
        if let bout = core.bout {
            entries.append(.action("stop", "Stop \(bout.label)"))
        }
        // Counting the usual kinds reads every event of the last weeks (about 860,000 instructions, five times an
        // acknowledged write's own work); the first content, made before any watcher took the item, offers none,
        // and the registration refreshes it (``start()``).
        let usual = counted ? usualKinds() : []
        let starts = usual.filter { $0.name != core.bout?.activity }.map {
            TrayMenuEntry.action("start:" + $0.name, "Start \($0.label)")
        }
        entries.append(.submenu(core.bout == nil ? "Start" : "Switch to", starts))
        entries.append(core.rest == nil ? .action("rest", "Start rest") : .action("end-rest", "End rest"))
        if let until = core.snoozedUntil, until > now {
            entries.append(.line("Reminders snoozed for \(DurationText.describe(seconds: until.seconds(since: now)))"))
        } else {
            entries.append(.action("snooze", "Snooze reminders \(store.settings.reminders.snoozeMinutes) min"))
        }
        entries.append(
            core.flareMode == nil
                ? .action("flare-on", "Flare day", toggle: .checkmark(false))
                : .action("flare-off", "Flare day", toggle: .checkmark(true)))
        let energy = store.state.days.last.flatMap { $0.date == core.date ? $0.energy : nil }
        let answers = ReminderAnswer.energy.map { answer in
            // Today's answer is ticked, and clicking it again records nothing.
            answer.checkIn?.energy == energy
                ? TrayMenuEntry(
                    action: nil, label: answer.label, enabled: true, toggle: .radio(true), isSeparator: false,
                    children: [])
                : .action("checkin:" + answer.key, answer.label, toggle: .radio(false))
        }
        entries.append(.submenu("Energy today", answers))
        entries += [.separator, .action("report", "Open the report")]
        return entries
    }

    /// The kinds started or logged most in the events the daemon keeps at hand (the last weeks), most first; the
    /// first configured kinds make up the rest.
    private func usualKinds() -> [ActivityKind] {
        let settings = store.settings
        var counts: [String: Int] = [:]
        for event in store.ledger.recentEvents {
            switch event.payload {
            case .activityStarted(let start): counts[start.activity, default: 0] += 1
            case .activityLogged(let logged): counts[logged.activity, default: 0] += 1
            default: break
            }
        }
        let ranked = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.compactMap {
            settings.activity(named: $0.key)
        }
        var kinds: [ActivityKind] = []
        for kind in ranked + [settings.reference] + settings.activities
        where !kinds.contains(where: { $0.name == kind.name }) {
            kinds.append(kind)
            if kinds.count == Self.usualKindCount { break }
        }
        return kinds
    }

    // MARK: - Clicks

    private func clicked(_ action: String) {
        guard isShown else { return }
        let now = clock.now()
        let core = status.core(at: now)
        // Against the menu as it is now: a second click on an entry the first one removed records nothing.
        guard content(core, now: now, allKinds: true).menu.flatMap(\.actions).contains(action) else {
            logger.info("tray: \(action) no longer applies (the menu changed); ignored")
            return
        }
        if action == "report" { return openReport() }
        guard let command = command(for: action) else {
            logger.warning("tray: unknown menu action \(action); ignored")
            return
        }
        do {
            try store.perform(command)
            logger.info("tray: \(action)")
        } catch {
            logger.warning("tray: could not record \(action): \(error)")
        }
    }

    private func command(for action: String) -> Command? {
        switch action {
        case "stop": return .stopActivity
        case "rest": return .startRest()
        case "end-rest": return .endRest
        case "snooze": return .snooze()
        case "flare-on": return .startFlare()
        case "flare-off": return .endFlare
        default:
            if action.hasPrefix("start:") { return .startActivity(activity: String(action.dropFirst(6))) }
            if action.hasPrefix("checkin:"),
                let answer = ReminderAnswer.energy.first(where: {
                    "checkin:" + $0.key == action
                }), let checkIn = answer.checkIn
            {
                return .checkIn(checkIn)
            }
            return nil
        }
    }

    /// Draws the report with `pace report --html` and opens it with `xdg-open`, in the background: the shell
    /// returns at once, so the daemon's loop never waits for either.
    private func openReport() {
        let script = #"( "$0" report --socket "$2" --html "$1" && exec xdg-open "$1" ) </dev/null >/dev/null 2>&1 &"#
        guard
            let result = Subprocess.run("/bin/sh", ["-c", script, report.pace, report.file, report.socket]),
            result.status == 0
        else {
            logger.warning("tray: cannot start `pace report` to open the report")
            return
        }
        logger.info("tray: opening the report \(report.file)")
    }
}
