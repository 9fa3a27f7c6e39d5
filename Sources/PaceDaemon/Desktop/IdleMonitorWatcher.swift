import Logging
import PaceSystem

/// GNOME's `org.gnome.Mutter.IdleMonitor` on the session bus, where it exists: says when nobody has touched the
/// desktop for ``idleAfter`` and when someone does again.
///
/// An idle watch (`AddIdleWatch(ms)`) fires once each time the idle time passes ``idleAfter``; a user-active watch
/// (`AddUserActiveWatch`) fires once at the next input, and is added again after each idle. Found idle already
/// (`GetIdletime`), it says so at once, with how long. The monitor may come after the bus connection (GNOME Shell
/// starting or restarting) and go again (`NameOwnerChanged`): it is followed from when it comes, and forgotten
/// when it goes, without claiming the person came back (``onVanished``). Without Mutter the calls fail and nothing
/// is reported (logind's `IdleHint` and the screen saver still are).
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
    /// Bumped for every connection and every new owner of the monitor's name: answers for an older one are dropped.
    private var generation = 0
    /// Bumped for every connection: signals from an older one are dropped.
    private var attachment = 0
    private var idleWatch: UInt32?
    private var activeWatch: UInt32?

    /// How long nobody had touched the desktop when Mutter last said so; `nil` while it says someone does.
    private(set) var idleFor: Duration?
    /// Whether Mutter last said nobody touches the desktop.
    var isIdle: Bool { idleFor != nil }
    /// ``isIdle`` changed.
    var onChange: (() -> Void)?
    /// The monitor left the bus while it said idle: nobody says when the person is back.
    var onVanished: (() -> Void)?

    init(logger: Logger, callTimeout: Duration, idleAfter: Duration = .seconds(60)) {
        self.logger = logger
        self.callTimeout = callTimeout
        self.idleAfter = idleAfter
    }

    func attach(_ connection: BusConnection) {
        generation += 1
        attachment += 1
        let attachment = self.attachment
        self.connection = connection
        let rule = BusMatchRule(sender: Self.service, path: Self.path, interface: Self.interface, member: "WatchFired")
        connection.addMatch(rule) { [weak self] message in
            guard let self, attachment == self.attachment, let id = message[0]?.uint32 else { return }
            fired(id)
        }
        connection.addMatch(.nameOwnerChanged(Self.service)) { [weak self] message in
            guard let self, attachment == self.attachment else { return }
            ownerChanged(oldOwner: message[1]?.string ?? "", newOwner: message[2]?.string ?? "")
        }
        follow()
    }

    func detach() {
        generation += 1
        attachment += 1
        connection = nil
        idleWatch = nil
        activeWatch = nil
        setIdle(nil)
    }

    /// The monitor's name changed hands: one left (GNOME Shell stopped), one came (it started), or both.
    private func ownerChanged(oldOwner: String, newOwner: String) {
        if !oldOwner.isEmpty {
            logger.info("GNOME's idle monitor left the session bus")
            generation += 1
            idleWatch = nil
            activeWatch = nil
            if idleFor != nil {
                // Not a return to the desk: nothing says anything about the desk now.
                idleFor = nil
                onVanished?()
            }
        }
        if !newOwner.isEmpty { follow() }
    }

    /// Adds the idle watch and asks whether the desktop is idle already.
    private func follow() {
        let generation = self.generation
        call("AddIdleWatch", [.uint64(milliseconds(idleAfter))]) { [weak self] reply in
            guard let self, generation == self.generation, let id = reply.uint32 else { return }
            idleWatch = id
            logger.info("following GNOME's idle monitor")
            call("GetIdletime", []) { [weak self] reply in
                guard let self, generation == self.generation, let idle = reply.uint64, idle >= milliseconds(idleAfter)
                else { return }
                // Idle already (paced started, or the monitor came, during the absence).
                becameIdle(for: .milliseconds(Int64(clamping: idle)))
            }
        }
    }

    private func fired(_ id: UInt32) {
        if id == idleWatch {
            becameIdle(for: idleAfter)
        } else if id == activeWatch {
            activeWatch = nil
            setIdle(nil)
        }
    }

    private func becameIdle(for duration: Duration) {
        guard idleFor == nil else { return }
        setIdle(duration)
        guard activeWatch == nil else { return }
        let generation = self.generation
        call("AddUserActiveWatch", []) { [weak self] reply in
            guard let self, generation == self.generation else { return }
            activeWatch = reply.uint32
        }
    }

    private func milliseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
    }

    private func call(_ member: String, _ arguments: [BusValue], _ done: @escaping (BusValue) -> Void) {
        guard let connection else { return }
        let call = BusMethodCall(
            destination: Self.service, path: Self.path, interface: Self.interface, member: member,
            arguments: arguments, allowsAutoStart: false)
        connection.call(call, timeout: callTimeout) { [logger] result in
            switch result {
            case .success(let reply):
                if let value = reply[0] { done(value) }
            case .failure(let error):
                logger.debug("no GNOME idle monitor (\(member)): \(error)")
            }
        }
    }

    private func setIdle(_ duration: Duration?) {
        guard (duration != nil) != isIdle else { return }
        idleFor = duration
        logger.debug(
            duration != nil ? "GNOME says nobody touches the desktop" : "GNOME says the desktop is in use again")
        onChange?()
    }
}
