import Logging
import PaceSystem

/// Pace in the panel: an `org.kde.StatusNotifierItem` (KDE, the GNOME AppIndicator extension, waybar, xfce4-panel,
/// snixembed) with its ``DBusMenu``.
///
/// On each session bus connection it serves the item at `/StatusNotifierItem` and the menu at `/MenuBar`, owns
/// `org.kde.StatusNotifierItem-PID-1`, and registers with the `org.kde.StatusNotifierWatcher` whenever one
/// appears: at connection, when a watcher starts later, and again when it restarts (the bus's `NameOwnerChanged`,
/// so nothing polls). A watcher that goes away while registering costs one log line; the next one to appear is
/// registered with. Changes reach hosts as the specification's signals (`NewIcon`, `NewToolTip`, `NewStatus`)
/// and the menu's `LayoutUpdated`; nothing is sent while the content stays the same.
@DaemonActor
final class StatusNotifierItem {
    static let path = "/StatusNotifierItem"
    static let interface = "org.kde.StatusNotifierItem"
    static let watcherName = "org.kde.StatusNotifierWatcher"
    static let watcherPath = "/StatusNotifierWatcher"

    private let logger: Logger
    private let callTimeout: Duration
    /// The bus name the item owns (the specification's `org.kde.StatusNotifierItem-PID-ID`).
    let busName = "org.kde.StatusNotifierItem-\(Syscall.processID)-1"
    let menu: DBusMenu
    private var connection: BusConnection?
    private var content: TrayContent?
    /// `IconPixmap`, drawn when a host first asks for it after the icon changed (`nil` until then): a change
    /// reaches the panel as `NewIcon` and the host's read, and with no panel (no watcher, no host) nothing is drawn.
    /// Drawing the ring at every size took about 6 million instructions, and every acknowledged write changes it.
    private var pixmaps: BusValue?
    /// Whether the item should be in panels (``show()``, ``withdraw()``).
    private var wanted = false
    /// Whether the bus gave the item its name; registering waits for it.
    private var ownsName = false
    /// The watcher's unique name while one is on the bus.
    private var watcher: String?
    /// Counts registration attempts, so the answer to an attempt a newer watcher replaced is ignored.
    private var attempt = 0
    /// The watcher the item registered with and that answered, if any.
    private(set) var registeredWith: String?

    /// The watcher took the item (``registeredWith`` is set): panels are about to read it.
    var onRegistered: (() -> Void)?
    /// A host asked for the item's main action (`Activate`, a left click on hosts that do not open the menu).
    var onActivate: (() -> Void)?

    init(logger: Logger, callTimeout: Duration) {
        self.logger = logger
        self.callTimeout = callTimeout
        menu = DBusMenu(logger: logger)
    }

    /// Serves the item on `connection` and registers it with the watcher, now or when one appears.
    func attach(_ connection: BusConnection) {
        self.connection = connection
        ownsName = false
        watcher = nil
        registeredWith = nil
        connection.export(path: Self.path) { [weak self] message, call in self?.handle(message, call) }
        menu.attach(connection)
        connection.addMatch(.nameOwnerChanged(Self.watcherName)) { [weak self] message in
            guard let self, self.connection === connection, let owner = message[2]?.string else { return }
            watcherChanged(owner.isEmpty ? nil : owner)
        }
        if wanted { claim() }
        let owner = BusMethodCall(
            destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
            member: "GetNameOwner", arguments: [.string(Self.watcherName)])
        connection.call(owner, timeout: callTimeout) { [weak self] result in
            guard let self, self.connection === connection, watcher == nil else { return }
            if case .success(let reply) = result, let name = reply[0]?.string {
                watcherChanged(name)
            } else if wanted {
                logger.info(
                    "tray: no StatusNotifierWatcher on the session bus yet; the icon shows when a panel starts one")
            }
        }
    }

    /// Puts the item in panels: owns its name (watchers drop an item whose name goes) and registers.
    func show() {
        guard !wanted else { return }
        wanted = true
        claim()
    }

    /// Takes the item out of panels: gives up its name, which tells every watcher it is gone.
    func withdraw() {
        guard wanted else { return }
        wanted = false
        attempt += 1
        registeredWith = nil
        logger.info("tray: the icon is off ([desktop] tray = false)")
        guard ownsName else { return }
        releaseName()
    }

    private func releaseName() {
        guard let connection else { return }
        ownsName = false
        let release = BusMethodCall(
            destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
            member: "ReleaseName", arguments: [.string(busName)])
        connection.call(release, timeout: callTimeout) { [weak self] result in
            guard let self, case .failure(let error) = result else { return }
            logger.warning("tray: cannot give up \(busName): \(error)")
        }
    }

    /// Owns the item's name, then registers with the watcher (if one is on the bus).
    private func claim() {
        guard let connection, wanted else { return }
        // DO_NOT_QUEUE (4): a second Pace on this bus gets an error, not a place in a queue.
        let request = BusMethodCall(
            destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
            member: "RequestName", arguments: [.string(busName), .uint32(4)])
        connection.call(request, timeout: callTimeout) { [weak self] result in
            guard let self, self.connection === connection else { return }
            switch result {
            case .success(let reply) where reply[0]?.uint32 == 1 && !wanted:
                // Switched off while asking.
                releaseName()
            case .success(let reply) where reply[0]?.uint32 == 1:
                ownsName = true
                register()
            case .success(let reply):
                logger.warning("tray: the session bus did not give \(busName) (\(reply[0]?.uint32 ?? 0)); no tray icon")
            case .failure(let error):
                logger.warning("tray: cannot own \(busName): \(error); no tray icon")
            }
        }
    }

    /// The session bus went away: everything learned through it is stale.
    func detach() {
        connection = nil
        ownsName = false
        watcher = nil
        registeredWith = nil
        menu.detach()
    }

    /// Shows `content` from now on, telling hosts what changed.
    func update(_ content: TrayContent) {
        let previous = self.content
        self.content = content
        if previous?.icon != content.icon { pixmaps = nil }
        menu.update(content.menu)
        guard let previous else { return }
        if previous.icon != content.icon { emit("NewIcon") }
        if previous.tooltip != content.tooltip { emit("NewToolTip") }
        if previous.status != content.status { emit("NewStatus", [.string(content.status.rawValue)]) }
    }

    private func emit(_ member: String, _ arguments: [BusValue] = []) {
        connection?.emit(path: Self.path, interface: Self.interface, member: member, arguments: arguments)
    }

    // MARK: - Registering

    private func watcherChanged(_ owner: String?) {
        guard owner != watcher else { return }
        if watcher != nil && owner == nil { logger.info("tray: the StatusNotifierWatcher went away") }
        watcher = owner
        registeredWith = nil
        register()
    }

    /// Registers with the watcher now on the bus, if there is one and the item has its name.
    private func register() {
        guard let connection, let watcher, ownsName, wanted else { return }
        attempt += 1
        let current = attempt
        let call = BusMethodCall(
            destination: watcher, path: Self.watcherPath, interface: Self.watcherName,
            member: "RegisterStatusNotifierItem", arguments: [.string(busName)])
        connection.call(call, timeout: callTimeout) { [weak self] result in
            guard let self, current == attempt, self.connection === connection else { return }
            switch result {
            case .success:
                registeredWith = watcher
                logger.info("tray: registered with the StatusNotifierWatcher (\(watcher))")
                onRegistered?()
            case .failure(let error):
                // Gone while registering (or refusing): the next watcher to appear is registered with.
                logger.info("tray: the StatusNotifierWatcher did not take the item: \(error); waiting for the next one")
            }
        }
    }

    // MARK: - Serving

    private func handle(_ message: BusMessage, _ call: BusIncomingCall) {
        switch (message.interface, message.member) {
        case (BusObjectProperties.interface, _):
            BusObjectProperties.answer(message, call, interface: Self.interface) { [unowned self] in properties() }
        case (Self.interface, "Activate"), (Self.interface, "SecondaryActivate"):
            call.reply()
            onActivate?()
        case (Self.interface, "ContextMenu"), (Self.interface, "Scroll"):
            // The menu is the `Menu` object, which hosts draw themselves; scrolling changes nothing.
            call.reply()
        case ("org.freedesktop.DBus.Introspectable", "Introspect"):
            call.reply([.string(Self.introspection)])
        default:
            call.fail(
                BusError(
                    .remote, name: "org.freedesktop.DBus.Error.UnknownMethod",
                    "\(message.interface ?? "?").\(message.member ?? "?") is not a method of the tray item"))
        }
    }

    /// The item's properties now (the icon drawn, if it is not yet).
    private func properties() -> [(String, BusValue)] {
        let status = content?.status ?? .passive
        let pixmaps = currentPixmaps()
        let tooltip = content?.tooltip ?? ""
        let noPixmaps = BusValue.array(elementSignature: "(iiay)", [])
        return [
            ("Category", .string("ApplicationStatus")),
            ("Id", .string("pace")),
            ("Title", .string("Pace")),
            ("Status", .string(status.rawValue)),
            ("WindowId", .int32(0)),
            // Empty: hosts prefer a themed name to the pixmap, and the pixmap is what shows what is left.
            ("IconName", .string("")),
            ("IconPixmap", pixmaps),
            ("OverlayIconName", .string("")),
            ("OverlayIconPixmap", noPixmaps),
            // Empty too: a themed attention icon would hide what is left just when it matters.
            ("AttentionIconName", .string("")),
            ("AttentionIconPixmap", pixmaps),
            ("AttentionMovieName", .string("")),
            ("ToolTip", .structure([.string(Self.symbolicIcon), noPixmaps, .string("Pace"), .string(tooltip)])),
            ("ItemIsMenu", .bool(true)),
            ("Menu", .objectPath(DBusMenu.path)),
            ("IconThemePath", .string("")),
        ]
    }

    /// `IconPixmap` of the content shown, drawn now if it was not since the icon last changed.
    private func currentPixmaps() -> BusValue {
        if let pixmaps { return pixmaps }
        let drawn = content.map { Self.pixmaps($0.icon) } ?? .array(elementSignature: "(iiay)", [])
        pixmaps = drawn
        return drawn
    }

    /// The themed icon of the tooltip: the notifications' own, in its symbolic form.
    static let symbolicIcon = "appointment-soon-symbolic"

    /// `a(iiay)`: the icon at every size Pace offers.
    private static func pixmaps(_ icon: RingIcon) -> BusValue {
        .array(
            elementSignature: "(iiay)",
            RingIcon.offeredSizes.compactMap { size in
                icon.pixmap(size: size).map { image in
                    .structure([
                        .int32(Int32(image.side)), .int32(Int32(image.side)),
                        .byteArray(image.argb),
                    ])
                }
            })
    }

    private static let introspection = BusIntrospection.document(
        """
          <interface name="org.kde.StatusNotifierItem">
            <property name="Category" type="s" access="read"/>
            <property name="Id" type="s" access="read"/>
            <property name="Title" type="s" access="read"/>
            <property name="Status" type="s" access="read"/>
            <property name="WindowId" type="i" access="read"/>
            <property name="IconName" type="s" access="read"/>
            <property name="IconPixmap" type="a(iiay)" access="read"/>
            <property name="OverlayIconName" type="s" access="read"/>
            <property name="OverlayIconPixmap" type="a(iiay)" access="read"/>
            <property name="AttentionIconName" type="s" access="read"/>
            <property name="AttentionIconPixmap" type="a(iiay)" access="read"/>
            <property name="AttentionMovieName" type="s" access="read"/>
            <property name="ToolTip" type="(sa(iiay)ss)" access="read"/>
            <property name="ItemIsMenu" type="b" access="read"/>
            <property name="Menu" type="o" access="read"/>
            <property name="IconThemePath" type="s" access="read"/>
            <method name="ContextMenu"><arg type="i" direction="in"/><arg type="i" direction="in"/></method>
            <method name="Activate"><arg type="i" direction="in"/><arg type="i" direction="in"/></method>
            <method name="SecondaryActivate"><arg type="i" direction="in"/><arg type="i" direction="in"/></method>
            <method name="Scroll"><arg type="i" direction="in"/><arg type="s" direction="in"/></method>
            <signal name="NewTitle"/>
            <signal name="NewIcon"/>
            <signal name="NewAttentionIcon"/>
            <signal name="NewOverlayIcon"/>
            <signal name="NewToolTip"/>
            <signal name="NewStatus"><arg type="s"/></signal>
          </interface>
        """)
}
