import Logging
import PaceCore
import PaceJSON
import PaceLog
import PaceProtocol
import PaceSystem

/// `io.pace.Daemon` and `org.varlink.service` on the socket: each call's parameters become a command or a query,
/// and the result or the typed domain error becomes its reply.
///
/// Changes go through the ``EventStore`` (made durable before they are answered); what follows from them waits
/// until the reply is written (``ChangeFeed/answering(_:)``). The methods are in `Endpoint+Changes.swift` (what
/// records events) and `Endpoint+Queries.swift` (what only reads).
@DaemonActor
final class Endpoint {
    /// The longest history one `GetHistory` call returns.
    static let longestHistoryDays = 3660

    let store: EventStore
    let feed: ChangeFeed
    let status: StatusView
    let clock: any WallClock
    /// The config file in force, for `GetHealth`.
    var configFile: String?
    /// The desktop connection's state, for `GetHealth` (set once the desktop layer runs).
    var desktopHealth: (() -> PaceAPI.DesktopHealth)?
    /// The sync folder's health; `nil` (or returning `nil`) while sync is off.
    var syncHealth: (() -> PaceAPI.SyncHealth?)?
    /// The import inbox's health, when one is configured.
    var inboxHealth: (() -> PaceAPI.InboxHealth)?
    /// The heart-rate sensor and its reading, for `GetHeartRate` (set once the daemon runs).
    var heartRate: (() -> PaceAPI.HeartRate)?
    /// The heart-rate minutes kept beside the log, from one minute through another (minutes since 1970).
    var heartRateMinutes: ((Int64, Int64) -> [HeartRateMinute])?
    /// `pace morning`: a morning reading from the sensor's last minutes (`true`: it begins a new baseline).
    var takeMorningReading: ((Bool) -> PaceAPI.TakeMorningReading.Reply)?
    private let router = MethodRouter(declaredMethods: Set(InterfaceDescription.served.flatMap(\.methodNames)))

    init(store: EventStore, feed: ChangeFeed, status: StatusView, clock: any WallClock, configFile: String?) {
        self.store = store
        self.feed = feed
        self.status = status
        self.clock = clock
        self.configFile = configFile
        registerService()
        registerChanges()
        registerQueries()
        registerCorrections()
    }

    /// Answers one call from `connection`; what it changes joins the group of changes made durable together at
    /// the end of this turn of the loop (``EventStore/grouping(_:)``).
    func handle(_ call: VarlinkCall, from connection: ClientConnection) {
        store.grouping { feed.answering { router.handle(call, from: connection) } }
    }

    /// Answers `Method` with one reply computed by `body`.
    func register<Method: VarlinkMethod>(
        _ method: Method.Type, _ body: @escaping (Method.Parameters) throws(VarlinkError) -> Method.Reply
    ) {
        router.register(method, body)
    }

    /// Answers `Method` with one reply computed by `body`, its parameters read as `Parameters` (see
    /// ``MethodRouter``).
    func register<Method: VarlinkMethod, Parameters: Decodable & JSONReadable>(
        _ method: Method.Type, reading parameters: Parameters.Type,
        _ body: @escaping (Parameters) throws(VarlinkError) -> Method.Reply
    ) {
        router.register(method, reading: parameters, body)
    }

    /// Answers `Method`, called with `more`, with a first reply and then a stream (see ``MethodRouter``).
    func registerStream<Method: VarlinkMethod>(
        _ method: Method.Type,
        _ body: @escaping (Method.Parameters, ClientConnection) throws(VarlinkError) -> Method.Reply
    ) {
        router.registerStream(method, body)
    }

    private func registerService() {
        register(VarlinkService.GetInfo.self) { _ in .current }
        register(VarlinkService.GetInterfaceDescription.self) { parameters throws(VarlinkError) in
            guard let interface = InterfaceDescription.served(named: parameters.interface) else {
                throw .interfaceNotFound(parameters.interface)
            }
            return .init(description: interface.text)
        }
    }

    // MARK: - Helpers for the methods

    /// Carries out `command` (at `time`, if a little earlier than now).
    /// - Throws: The refusal as its `io.pace.Daemon` error.
    @discardableResult
    func perform(_ command: Command, at time: Instant? = nil, confirmed: Bool = true) throws(VarlinkError)
        -> [Event]
    {
        do {
            return try store.perform(command, at: time, confirmed: confirmed)
        } catch {
            throw VarlinkError(error)
        }
    }

    /// Carries out `command` now and replies with the new status.
    func changing(_ command: Command) throws(VarlinkError) -> PaceAPI.StatusReply {
        try perform(command)
        return .init(status: status.wire())
    }

    /// Parses an RFC 3339 time parameter.
    static func instant(_ text: String, _ parameter: String) throws(VarlinkError) -> Instant {
        guard let instant = Instant(rfc3339: text) else { throw .invalidParameter(parameter) }
        return instant
    }
}
