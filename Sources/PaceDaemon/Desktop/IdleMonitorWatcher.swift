import Logging
import PaceSystem

/// GNOME's `org.gnome.Mutter.IdleMonitor` on the session bus, where it exists: says when nobody has touched the
/// desktop for ``idleAfter`` and when someone does again.
///
/// An idle watch (`AddIdleWatch(ms)`) fires once each time the idle time passes ``idleAfter``; a user-active watch
/// (`AddUserActiveWatch`) fires once at the next input, and is added again after each idle. Without Mutter the
/// calls fail and nothing is reported (logind's `IdleHint` and the screen saver still are).
@DaemonActor
final class IdleMonitorWatcher {
    static let service = "org.gnome.Mutter.IdleMonitor"
    static let path = "/org/gnome/Mutter/IdleMonitor/Core"
    static let interface = "org.gnome.Mutter.IdleMonitor"

    private let logger: Logger
    private let callTimeout: Duration
    /// How long without input counts as idle.
    let idleAfter: Duration
    private var connection: BusConnection?
    private var generation = 0
    private var idleWatch: UInt32?
    private var activeWatch: UInt32?

    /// Whether Mutter last said nobody touches the desktop.
    private(set) var isIdle = false
    /// ``isIdle`` changed.
    var onChange: (() -> Void)?

    init(logger: Logger, callTimeout: Duration, idleAfter: Duration = .seconds(60)) {
        self.logger = logger
        self.callTimeout = callTimeout
        self.idleAfter = idleAfter
    }

    func attach(_ connection: BusConnection) {
        generation += 1
        let generation = self.generation
        self.connection = connection
        idleWatch = nil
        activeWatch = nil
        let rule = BusMatchRule(sender: Self.service, path: Self.path, interface: Self.interface, member: "WatchFired")
        connection.addMatch(rule) { [weak self] message in
            guard let self, generation == self.generation, let id = message[0]?.uint32 else { return }
            fired(id)
        }
        let (seconds, attoseconds) = idleAfter.components
        let milliseconds = UInt64(max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
        call("AddIdleWatch", [.uint64(milliseconds)]) { [weak self] id in
            guard let self, generation == self.generation else { return }
            idleWatch = id
            logger.info("following GNOME's idle monitor")
        }
    }

    func detach() {
        generation += 1
        connection = nil
        idleWatch = nil
        activeWatch = nil
        setIdle(false)
    }

    private func fired(_ id: UInt32) {
        if id == idleWatch {
            setIdle(true)
            let generation = self.generation
            call("AddUserActiveWatch", []) { [weak self] id in
                guard let self, generation == self.generation else { return }
                activeWatch = id
            }
        } else if id == activeWatch {
            activeWatch = nil
            setIdle(false)
        }
    }

    private func call(_ member: String, _ arguments: [BusValue], _ done: @escaping (UInt32) -> Void) {
        guard let connection else { return }
        let call = BusMethodCall(
            destination: Self.service, path: Self.path, interface: Self.interface, member: member,
            arguments: arguments, allowsAutoStart: false)
        connection.call(call, timeout: callTimeout) { [logger] result in
            switch result {
            case .success(let reply):
                if let id = reply[0]?.uint32 { done(id) }
            case .failure(let error):
                logger.debug("no GNOME idle monitor (\(member)): \(error)")
            }
        }
    }

    private func setIdle(_ idle: Bool) {
        guard idle != isIdle else { return }
        isIdle = idle
        logger.debug(idle ? "GNOME says nobody touches the desktop" : "GNOME says the desktop is in use again")
        onChange?()
    }
}
