import Dispatch
import Logging
import PaceCore
import PaceProtocol
import PaceSystem

/// The daemon's domain side: its state and the handlers of `io.pace.Daemon`.
///
/// Confined to the daemon's queue.
final class PaceService: @unchecked Sendable {
    private let queue: DispatchQueue
    /// The daemon's options; replaced when the configuration is reloaded.
    var options: Daemon.Options
    private let logger: Logger
    private let startedAt: Instant
    let watchers: WatchHub

    init(queue: DispatchQueue, options: Daemon.Options, logger: Logger, startedAt: Instant) {
        self.queue = queue
        self.options = options
        self.logger = logger
        self.startedAt = startedAt
        self.watchers = WatchHub(queue: queue)
    }

    /// Registers every method this service answers.
    func register(on router: MethodRouter) {
        router.register(VarlinkService.GetInfo.self) { _ in .current }
        router.register(VarlinkService.GetInterfaceDescription.self) { parameters throws(VarlinkError) in
            guard let interface = InterfaceDescription.served(named: parameters.interface) else {
                throw .interfaceNotFound(parameters.interface)
            }
            return .init(description: interface.text)
        }
        router.register(PaceAPI.GetStatus.self) { [unowned self] _ in
            .init(status: self.status(at: WallClock.now()))
        }
        router.registerStream(PaceAPI.Watch.self) { [unowned self] _, connection in
            self.watchers.add(connection)
            return .init(status: self.status(at: WallClock.now()))
        }
    }

    /// A connection closed: forget its subscriptions.
    func connectionClosed(_ connection: ClientConnection) {
        watchers.remove(connection)
    }

    /// The status as of `now`.
    func status(at now: Instant) -> PaceAPI.Status {
        let day = options.dayBoundary.day(containing: now, utcOffsetSeconds: WallClock.utcOffsetSeconds(at: now))
        return PaceAPI.Status(
            version: ProductInfo.version,
            pid: Int(Syscall.processID),
            startedAt: startedAt.rfc3339,
            now: now.rfc3339,
            pacingDay: day.iso8601,
            dayStartHour: options.dayBoundary.startHour,
            stateDirectory: options.locations.stateDirectory,
            mode: .calibrating,
            provisional: true,
            budget: 0,
            used: 0,
            left: 0,
            over: 0,
            referenceActivity: "walking",
            leftMinutes: 0,
            activity: nil,
            rest: nil,
            snoozedUntil: nil,
            flareUntil: nil,
            nextReminderAt: nil
        )
    }
}
