import Logging
import PaceSystem

/// Follows logind's `PrepareForSleep(bool)` on the system bus and reports changes of state only: a sleep
/// when awake, a resume when asleep. Duplicate signals (logind sends one per sleep attempt, and a failed
/// suspend can repeat `true`) change nothing.
///
/// The match names logind as the sender, so the bus only passes on signals logind itself sent.
///
@DaemonActor
final class SleepWatcher {
    private let logger: Logger
    private let callTimeout: Duration
    private var generation = 0

    /// Whether the machine is (about to be) asleep, as far as logind said.
    private(set) var isAsleep = false
    /// The machine is about to sleep.
    var onSleep: (() -> Void)?
    /// The machine woke up.
    var onResume: (() -> Void)?

    init(logger: Logger, callTimeout: Duration) {
        self.logger = logger
        self.callTimeout = callTimeout
    }

    /// Subscribes on a (new) system bus connection, and reads `PreparingForSleep` in case a signal was missed
    /// while the bus was away.
    func attach(_ connection: BusConnection) {
        generation += 1
        let generation = self.generation
        let rule = BusMatchRule(
            sender: SessionLockWatcher.logind, path: SessionLockWatcher.managerPath,
            interface: SessionLockWatcher.managerInterface, member: "PrepareForSleep")
        connection.addMatch(rule) { [weak self] message in
            guard let self else { return }
            guard generation == self.generation, let sleeping = message[0]?.bool else { return }
            set(asleep: sleeping)
        }
        let call = BusMethodCall.getProperty(
            destination: SessionLockWatcher.logind, path: SessionLockWatcher.managerPath,
            interface: SessionLockWatcher.managerInterface, name: "PreparingForSleep")
        connection.call(call, timeout: callTimeout) { [weak self] result in
            guard let self else { return }
            guard generation == self.generation, case .success(let reply) = result,
                let sleeping = reply[0]?.unwrapped.bool
            else { return }
            set(asleep: sleeping)
        }
    }

    /// The system bus went away; the state stays as it was until logind says otherwise.
    func detach() {
        generation += 1
    }

    private func set(asleep: Bool) {
        guard asleep != isAsleep else {
            logger.debug("ignored a repeated PrepareForSleep(\(asleep))")
            return
        }
        isAsleep = asleep
        logger.info(asleep ? "the machine is going to sleep" : "the machine woke up")
        if asleep { onSleep?() } else { onResume?() }
    }
}
