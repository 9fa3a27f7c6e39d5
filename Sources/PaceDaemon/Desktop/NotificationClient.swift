import Logging
import PaceCore
import PaceSystem

/// The client side of `org.freedesktop.Notifications` on the session bus: shows, replaces and closes
/// notifications, reports their action buttons and closing, and follows the server's do-not-disturb state.
///
/// Notifications are known by ``NotificationHandle``s, so callers never see the server's ids, which only
/// arrive with the reply to `Notify` and mean nothing after the bus or server restarts. A replacement or a
/// close asked for before that reply waits for it. Every `show` ends in exactly one of: the notification is
/// replaced (silently), or ``onClosed`` reports why it is gone (or was never shown).
///
@DaemonActor
final class NotificationClient {
    /// What every notification carries.
    struct Settings: Sendable {
        var appName = "Pace"
        var iconName = "appointment-soon"
        /// How long the server has to answer a call before the notification counts as not delivered.
        var callTimeout: Duration = .seconds(5)
    }

    static let service = "org.freedesktop.Notifications"
    static let path = "/org/freedesktop/Notifications"
    static let interface = "org.freedesktop.Notifications"
    /// dunst's own interface, whose `paused` property is its do-not-disturb.
    static let dunstInterface = "org.dunstproject.cmd0"

    private enum State {
        /// Waiting for the server's capabilities, or for the notification it replaces to get its id.
        case waiting
        /// `Notify` sent, no reply yet.
        case sending
        /// On screen with the server's id.
        case shown(UInt32)
    }

    private struct Entry {
        var notification: DesktopNotification
        var state: State
        /// The notification this one replaces on screen.
        var replaces: NotificationHandle?
        var closeRequested = false
    }

    private let logger: Logger
    private let settings: Settings
    private var connection: BusConnection?
    /// Bumped on every attach and detach, so replies from an older connection are recognised and dropped.
    private var generation = 0
    private var nextHandle: UInt64 = 1
    private var entries: [NotificationHandle: Entry] = [:]
    private var waiting: [NotificationHandle] = []
    private var handleForServerID: [UInt32: NotificationHandle] = [:]
    /// The latest of our notifications the server closed, so a late press on one is recognised as ours.
    private var closedHandles: [(id: UInt32, handle: NotificationHandle)] = []
    private static let closedHandlesKept = 16
    /// `nil` until the current server said (or we gave up asking).
    private var capabilities: Set<String>?
    private var capabilitiesRequested = false
    private var inhibited = false
    private var paused = false

    /// What the server said about itself; `nil` while no server is known.
    private(set) var server: NotificationServerInfo?
    /// Whether the server's state (whether one runs, whether it holds notifications) is known: false from
    /// attaching to a bus, or a server coming, until it has answered (or failed to).
    private(set) var isStateKnown = true
    /// ``isStateKnown`` became true.
    var onStateKnown: (() -> Void)?
    /// A button was pressed: the notification and the action's key.
    var onAction: ((NotificationHandle, String) -> Void)?
    /// A notification is gone, or was never shown.
    var onClosed: ((NotificationHandle, NotificationCloseReason) -> Void)?
    /// ``isDoNotDisturb`` changed.
    var onDoNotDisturbChanged: (() -> Void)?
    /// A notification server answered for the first time on this bus, or the one known went away.
    var onServerChanged: (() -> Void)?

    init(logger: Logger, settings: Settings = .init()) {
        self.logger = logger
        self.settings = settings
    }

    /// Whether the server holds notifications back: its `Inhibited` property (notification specification 1.3)
    /// or dunst's `paused`.
    var isDoNotDisturb: Bool { inhibited || paused }

    // MARK: - Connection

    /// Starts using a (new) session bus connection.
    func attach(_ connection: BusConnection) {
        detach(reason: "the session bus changed")
        generation += 1
        self.connection = connection
        let signals = BusMatchRule(sender: Self.service, path: Self.path, interface: Self.interface)
        connection.addMatch(signals) { [weak self] message in self?.received(message) }
        for interface in [Self.interface, Self.dunstInterface] {
            let rule = BusMatchRule.propertiesChanged(sender: Self.service, path: Self.path, interface: interface)
            connection.addMatch(rule) { [weak self] message in self?.propertiesChanged(message) }
        }
        connection.addMatch(.nameOwnerChanged(Self.service)) { [weak self] message in
            self?.serverChanged(oldOwner: message[1]?.string ?? "", newOwner: message[2]?.string ?? "")
        }
        refresh()
        pump()
    }

    /// Stops using the session bus (it went away): what was shown is lost, what waits is not delivered.
    func detach(reason: String = "the session bus went away") {
        guard connection != nil else { return }
        connection = nil
        generation += 1
        forgetServer()
        stateKnown()
        let pending = entries
        entries = [:]
        waiting = []
        handleForServerID = [:]
        closedHandles = []
        for (handle, entry) in pending.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if case .shown = entry.state {
                report(handle, .lost)
            } else {
                report(handle, .notDelivered(reason))
            }
        }
    }

    // MARK: - Showing and closing

    /// Asks the server to show `notification`, in place of `replaced` when that one is still on screen.
    ///
    /// - Returns: The handle for the new notification; ``onAction`` and ``onClosed`` name it.
    func show(_ notification: DesktopNotification, replacing replaced: NotificationHandle? = nil) -> NotificationHandle
    {
        let handle = NotificationHandle(rawValue: nextHandle)
        nextHandle += 1
        entries[handle] = Entry(notification: notification, state: .waiting, replaces: replaced)
        waiting.append(handle)
        pump()
        return handle
    }

    /// Closes a notification (`CloseNotification`); ``onClosed`` follows when the server confirms.
    func close(_ handle: NotificationHandle) {
        guard var entry = entries[handle] else { return }
        switch entry.state {
        case .waiting:
            entries[handle] = nil
            waiting.removeAll { $0 == handle }
            report(handle, .closedByCall)
        case .sending:
            entry.closeRequested = true
            entries[handle] = entry
        case .shown(let id):
            sendClose(id)
        }
    }

    /// Sends what can be sent: everything waiting, once the server's capabilities are known and the
    /// notification each one replaces has its id.
    private func pump() {
        guard !waiting.isEmpty else { return }
        guard connection != nil else {
            let failed = waiting
            waiting = []
            for handle in failed {
                entries[handle] = nil
                report(handle, .notDelivered("no session bus"))
            }
            return
        }
        guard capabilities != nil else {
            // Ask first (this may start the server), so the body can be escaped if it reads markup.
            requestCapabilities(allowingAutoStart: true)
            return
        }
        for handle in waiting {
            guard let entry = entries[handle] else { continue }
            var replacedID: UInt32 = 0
            if let replaced = entry.replaces, let previous = entries[replaced] {
                guard case .shown(let id) = previous.state else { continue }
                replacedID = id
            }
            send(handle, entry, replacing: replacedID)
        }
    }

    private func send(_ handle: NotificationHandle, _ entry: Entry, replacing replacedID: UInt32) {
        guard let connection else { return }
        waiting.removeAll { $0 == handle }
        entries[handle]?.state = .sending
        let call = notifyCall(entry.notification, replacing: replacedID)
        let generation = self.generation
        connection.call(call, timeout: settings.callTimeout) { [weak self] result in
            guard let self else { return }
            guard generation == self.generation else { return }
            switch result {
            case .success(let reply):
                guard let id = reply[0]?.uint32 else {
                    entries[handle] = nil
                    report(handle, .notDelivered("the notification server answered Notify without an id"))
                    return
                }
                shown(handle, id: id, replacing: replacedID)
            case .failure(let error):
                logger.warning("the notification server did not show \(handle): \(error)")
                entries[handle] = nil
                report(handle, .notDelivered(error.description))
            }
            pump()
        }
    }

    private func shown(_ handle: NotificationHandle, id: UInt32, replacing replacedID: UInt32) {
        guard var entry = entries[handle] else { return }
        if let replaced = entry.replaces, let previous = entries[replaced], case .shown(let oldID) = previous.state,
            oldID == replacedID
        {
            // The old handle retires silently: the same notification goes on under the new one.
            entries[replaced] = nil
            handleForServerID[oldID] = nil
            if id != oldID {
                // A server that ignores `replaces_id` showed a second one; take the first away.
                sendClose(oldID)
            }
        }
        entry.state = .shown(id)
        entries[handle] = entry
        handleForServerID[id] = handle
        if entry.closeRequested { sendClose(id) }
    }

    private func sendClose(_ id: UInt32) {
        guard let connection else { return }
        let call = BusMethodCall(
            destination: Self.service, path: Self.path, interface: Self.interface, member: "CloseNotification",
            arguments: [.uint32(id)])
        connection.call(call, timeout: settings.callTimeout) { [logger] result in
            if case .failure(let error) = result {
                logger.debug("CloseNotification(\(id)) failed: \(error)")
            }
        }
    }

    /// `Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)`.
    private func notifyCall(_ notification: DesktopNotification, replacing replacedID: UInt32) -> BusMethodCall {
        let markup = capabilities?.contains("body-markup") == true
        var hints: [(String, BusValue)] = [("urgency", .byte(notification.urgency.rawValue))]
        if let category = notification.category { hints.append(("category", .string(category))) }
        let timeout: Int32
        if let expire = notification.expireTimeout {
            let (seconds, attoseconds) = expire.components
            timeout = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        } else {
            timeout = -1
        }
        return BusMethodCall(
            destination: Self.service, path: Self.path, interface: Self.interface, member: "Notify",
            arguments: [
                .string(settings.appName),
                .uint32(replacedID),
                .string(notification.iconName ?? settings.iconName),
                .string(notification.summary),
                .string(markup ? MarkupEscaping.escape(notification.body) : notification.body),
                .stringArray(notification.actions.flatMap { [$0.key, $0.label] }),
                .stringVariantDictionary(hints),
                .int32(timeout),
            ])
    }

    // MARK: - Signals

    private func received(_ message: BusMessage) {
        switch message.member {
        case "ActionInvoked":
            // A press on one of ours that is already closed is reported too: the caller says it is ignored.
            guard let id = message[0]?.uint32, let key = message[1]?.string,
                let handle = handleForServerID[id] ?? closedHandles.first(where: { $0.id == id })?.handle
            else { return }
            onAction?(handle, key)
        case "NotificationClosed":
            guard let id = message[0]?.uint32, let handle = handleForServerID[id] else { return }
            handleForServerID[id] = nil
            closedHandles.append((id, handle))
            if closedHandles.count > Self.closedHandlesKept { closedHandles.removeFirst() }
            entries[handle] = nil
            onClosed?(handle, NotificationCloseReason(serverReason: message[1]?.uint32 ?? 4))
        default:
            return
        }
    }

    private func propertiesChanged(_ message: BusMessage) {
        guard let interface = message[0]?.string else { return }
        let changed = message[1]?.dictionary ?? [:]
        let invalidated = Set(message[2]?.strings ?? [])
        let property = interface == Self.dunstInterface ? "paused" : "Inhibited"
        if let value = changed[property]?.bool {
            setDoNotDisturb(interface: interface, value)
        } else if invalidated.contains(property) {
            readDoNotDisturb(interface: interface)
        }
    }

    /// `NameOwnerChanged` for the notification service: a server left, came, or took over from another.
    private func serverChanged(oldOwner: String, newOwner: String) {
        if !oldOwner.isEmpty {
            logger.info("the notification server left the session bus")
            forgetServer()
            // Its notifications went with it; a new server knows nothing of their ids.
            let shown = handleForServerID.sorted { $0.value.rawValue < $1.value.rawValue }
            handleForServerID = [:]
            closedHandles = []
            for (_, handle) in shown {
                entries[handle] = nil
                report(handle, .lost)
            }
        }
        if !newOwner.isEmpty {
            capabilities = nil
            refresh()
            pump()
        }
    }

    // MARK: - Server state

    /// Asks a running server what it is and whether it holds notifications; starts none.
    ///
    /// Do-not-disturb is asked first: a server answers in order, so it is known before ``onServerChanged``
    /// says the server arrived and the daemon puts a reminder it could not deliver before on screen.
    private func refresh() {
        requestCapabilities(allowingAutoStart: false)
        guard let connection else { return }
        isStateKnown = false
        readDoNotDisturb(interface: Self.interface)
        readDoNotDisturb(interface: Self.dunstInterface)
        let generation = self.generation
        let information = BusMethodCall(
            destination: Self.service, path: Self.path, interface: Self.interface, member: "GetServerInformation",
            allowsAutoStart: false)
        connection.call(information, timeout: settings.callTimeout) { [weak self] result in
            guard let self else { return }
            guard generation == self.generation else { return }
            // Answered last, so do-not-disturb is known now (without a server, there is nothing to hold).
            defer { stateKnown() }
            guard case .success(let reply) = result else { return }
            let information = NotificationServerInfo(
                name: reply[0]?.string ?? "", vendor: reply[1]?.string ?? "", version: reply[2]?.string ?? "",
                specificationVersion: reply[3]?.string ?? "", capabilities: capabilities ?? [])
            let arrived = server == nil
            server = information
            logger.info("notification server: \(information.name) \(information.version) (\(information.vendor))")
            if arrived { onServerChanged?() }
        }
    }

    private func requestCapabilities(allowingAutoStart: Bool) {
        guard let connection, !capabilitiesRequested else { return }
        capabilitiesRequested = true
        let generation = self.generation
        let call = BusMethodCall(
            destination: Self.service, path: Self.path, interface: Self.interface, member: "GetCapabilities",
            allowsAutoStart: allowingAutoStart)
        connection.call(call, timeout: settings.callTimeout) { [weak self] result in
            guard let self else { return }
            guard generation == self.generation else { return }
            capabilitiesRequested = false
            switch result {
            case .success(let reply):
                let known = Set(reply[0]?.strings ?? [])
                capabilities = known
                server?.capabilities = known
            case .failure(let error):
                // Without a running server, the first notification will try to start one; without any, it
                // fails alone. Either way there is nothing more to learn by asking again now.
                if allowingAutoStart || !error.isPeerAbsent { capabilities = [] }
            }
            pump()
        }
    }

    private func readDoNotDisturb(interface: String) {
        guard let connection else { return }
        let generation = self.generation
        let property = interface == Self.dunstInterface ? "paused" : "Inhibited"
        let call = BusMethodCall.getProperty(
            destination: Self.service, path: Self.path, interface: interface, name: property)
        connection.call(call, timeout: settings.callTimeout) { [weak self] result in
            guard let self else { return }
            // Servers without the property answer with an error: they never hold notifications.
            guard generation == self.generation, case .success(let reply) = result,
                let value = reply[0]?.unwrapped.bool
            else { return }
            setDoNotDisturb(interface: interface, value)
        }
    }

    private func setDoNotDisturb(interface: String, _ value: Bool) {
        let before = isDoNotDisturb
        if interface == Self.dunstInterface { paused = value } else { inhibited = value }
        if isDoNotDisturb != before {
            logger.info(
                "notification server \(isDoNotDisturb ? "holds notifications (do not disturb)" : "shows notifications again")"
            )
            onDoNotDisturbChanged?()
        }
    }

    private func stateKnown() {
        guard !isStateKnown else { return }
        isStateKnown = true
        onStateKnown?()
    }

    private func forgetServer() {
        capabilities = nil
        capabilitiesRequested = false
        if server != nil {
            server = nil
            onServerChanged?()
        }
        let before = isDoNotDisturb
        inhibited = false
        paused = false
        if before { onDoNotDisturbChanged?() }
    }

    /// Tells ``onClosed`` later, so a caller never hears about a notification before `show` returned.
    private func report(_ handle: NotificationHandle, _ reason: NotificationCloseReason) {
        DaemonActor.later { [self] in onClosed?(handle, reason) }
    }
}
