import Logging
import PaceSystem

/// The tray's menu as a `com.canonical.dbusmenu` object (what KDE, the GNOME AppIndicator extension, waybar and
/// libdbusmenu read): the layout, each entry's properties, and clicks back to the daemon.
///
/// Entry ids stay the same for the same action across layouts and are never given to anything else, so a click
/// on an entry from a menu the host drew before the layout changed either still means what the person saw or
/// names an id that no longer exists, which is refused and reported, never mistaken for another entry.
@DaemonActor
final class DBusMenu {
    static let path = "/MenuBar"
    static let interface = "com.canonical.dbusmenu"

    /// One entry as served: its id, properties and children's ids.
    private struct Node {
        var entry: TrayMenuEntry
        var children: [Int32]
    }

    private let logger: Logger
    private var connection: BusConnection?
    /// The current layout, by id; 0 is the root.
    private var nodes: [Int32: Node] = [0: Node(entry: .submenu("", []), children: [])]
    /// Ids handed out, by what the entry is: stable for an action, never reused.
    private var ids: [String: Int32] = [:]
    private var nextID: Int32 = 1
    private var revision: UInt32 = 1
    private var menu: [TrayMenuEntry] = []
    private var served = false

    /// An entry was clicked: its action.
    var onAction: ((String) -> Void)?

    init(logger: Logger) {
        self.logger = logger
    }

    func attach(_ connection: BusConnection) {
        self.connection = connection
        connection.export(path: Self.path) { [weak self] message, call in self?.handle(message, call) }
    }

    func detach() {
        connection = nil
    }

    /// Serves `menu` from now on; hosts are told (`LayoutUpdated`) when it differs from the last.
    func update(_ menu: [TrayMenuEntry]) {
        guard menu != self.menu || !served else { return }
        served = true
        self.menu = menu
        var table: [Int32: Node] = [:]
        table[0] = Node(entry: .submenu("", menu), children: menu.enumerated().map { add($1, at: "\($0)", to: &table) })
        nodes = table
        revision &+= 1
        connection?.emit(
            path: Self.path, interface: Self.interface, member: "LayoutUpdated",
            arguments: [.uint32(revision), .int32(0)])
    }

    /// Gives `entry` and its children ids (the same as before for the same action) and puts them in `table`.
    ///
    /// An action keeps its id wherever it moves; an entry without one (a line, a submenu, a separator) has the id of
    /// its place, whatever its label says, so a status line that changes every minute does not use up ids, and
    /// ``ids`` holds one per action and place ever shown: a few dozen.
    private func add(_ entry: TrayMenuEntry, at place: String, to table: inout [Int32: Node]) -> Int32 {
        let identity = entry.action.map { "action:" + $0 } ?? "place:" + place
        let id = ids[identity] ?? allocate(identity)
        let children = entry.children.enumerated().map { add($1, at: place + "." + "\($0)", to: &table) }
        table[id] = Node(entry: entry, children: children)
        return id
    }

    private func allocate(_ identity: String) -> Int32 {
        let id = nextID
        nextID &+= 1
        ids[identity] = id
        return id
    }

    // MARK: - Serving

    private func handle(_ message: BusMessage, _ call: BusIncomingCall) {
        switch (message.interface, message.member) {
        case (Self.interface, "GetLayout"):
            guard case .int32(let parent)? = message[0], case .int32(let depth)? = message[1],
                let names = message[2]?.strings
            else { return call.fail(Self.invalidArguments("GetLayout takes (i, i, as)")) }
            guard nodes[parent] != nil else { return call.fail(Self.unknownEntry(parent)) }
            call.reply([.uint32(revision), layout(parent, depth: depth, names: Set(names))])
        case (Self.interface, "GetGroupProperties"):
            guard case .array(_, let elements)? = message[0], let names = message[1]?.strings else {
                return call.fail(Self.invalidArguments("GetGroupProperties takes (ai, as)"))
            }
            let wanted = Set(names)
            let found = elements.compactMap { element -> BusValue? in
                guard case .int32(let id) = element, nodes[id] != nil else { return nil }
                return .structure([.int32(id), properties(id, names: wanted)])
            }
            call.reply([.array(elementSignature: "(ia{sv})", found)])
        case (Self.interface, "GetProperty"):
            guard case .int32(let id)? = message[0], let name = message[1]?.string else {
                return call.fail(Self.invalidArguments("GetProperty takes (i, s)"))
            }
            guard nodes[id] != nil else { return call.fail(Self.unknownEntry(id)) }
            guard case .array(_, let entries) = properties(id, names: [name]),
                case .dictionaryEntry(_, let value)? = entries.first
            else { return call.fail(Self.invalidArguments("entry \(id) has no property \(name)")) }
            call.reply([value])
        case (Self.interface, "Event"):
            guard case .int32(let id)? = message[0], let event = message[1]?.string else {
                return call.fail(Self.invalidArguments("Event takes (i, s, v, u)"))
            }
            if let error = receive(id, event) { return call.fail(error) }
            call.reply()
        case (Self.interface, "EventGroup"):
            guard case .array(_, let events)? = message[0] else {
                return call.fail(Self.invalidArguments("EventGroup takes a(isvu)"))
            }
            var errors: [BusValue] = []
            for case .structure(let fields) in events {
                guard fields.count >= 2, case .int32(let id) = fields[0], let event = fields[1].string else { continue }
                if receive(id, event) != nil { errors.append(.int32(id)) }
            }
            call.reply([.array(elementSignature: "i", errors)])
        case (Self.interface, "AboutToShow"):
            guard case .int32(let id)? = message[0] else {
                return call.fail(Self.invalidArguments("AboutToShow takes (i)"))
            }
            guard nodes[id] != nil else { return call.fail(Self.unknownEntry(id)) }
            // The layout is kept current as the state changes: nothing to update before showing it.
            call.reply([.bool(false)])
        case (Self.interface, "AboutToShowGroup"):
            guard case .array(_, let elements)? = message[0] else {
                return call.fail(Self.invalidArguments("AboutToShowGroup takes (ai)"))
            }
            let unknown = elements.filter { if case .int32(let id) = $0 { nodes[id] == nil } else { true } }
            call.reply([.array(elementSignature: "i", []), .array(elementSignature: "i", unknown)])
        case (BusObjectProperties.interface, _):
            BusObjectProperties.answer(message, call, interface: Self.interface) {
                [
                    ("Version", .uint32(3)), ("TextDirection", .string("ltr")), ("Status", .string("normal")),
                    ("IconThemePath", .stringArray([])),
                ]
            }
        case ("org.freedesktop.DBus.Introspectable", "Introspect"):
            call.reply([.string(Self.introspection)])
        default:
            call.fail(
                BusError(
                    .remote, name: "org.freedesktop.DBus.Error.UnknownMethod",
                    "\(message.interface ?? "?").\(message.member ?? "?") is not a method of the menu"))
        }
    }

    /// A click (or hover, open, close) on entry `id`: the action, later; or why not.
    private func receive(_ id: Int32, _ event: String) -> BusError? {
        guard let node = nodes[id] else {
            logger.info("tray menu: a \(event) on entry \(id), which the menu no longer has; ignored")
            return Self.unknownEntry(id)
        }
        guard event == "clicked" else { return nil }
        guard let action = node.entry.action, node.entry.enabled else { return nil }
        DaemonActor.later { [weak self] in self?.onAction?(action) }
        return nil
    }

    /// `(ia{sv}av)`: entry `id` with its children down to `depth` (-1: all).
    private func layout(_ id: Int32, depth: Int32, names: Set<String>) -> BusValue {
        let node = nodes[id]
        let children: [BusValue] =
            depth == 0
            ? []
            : (node?.children ?? []).map { .variant(layout($0, depth: depth < 0 ? -1 : depth - 1, names: names)) }
        return .structure([.int32(id), properties(id, names: names), .array(elementSignature: "v", children)])
    }

    /// `a{sv}`: the properties of entry `id` that differ from dbusmenu's defaults, those in `names` (all if empty).
    private func properties(_ id: Int32, names: Set<String>) -> BusValue {
        guard let node = nodes[id] else { return .stringVariantDictionary([]) }
        let entry = node.entry
        var properties: [(String, BusValue)] = []
        if !node.children.isEmpty || id == 0 { properties.append(("children-display", .string("submenu"))) }
        if entry.isSeparator {
            properties.append(("type", .string("separator")))
        } else if id != 0 {
            properties.append(("label", .string(entry.label.replacingUnderscores)))
            if !entry.enabled { properties.append(("enabled", .bool(false))) }
        }
        switch entry.toggle {
        case .checkmark(let on)?:
            properties += [("toggle-type", .string("checkmark")), ("toggle-state", .int32(on ? 1 : 0))]
        case .radio(let on)?:
            properties += [("toggle-type", .string("radio")), ("toggle-state", .int32(on ? 1 : 0))]
        case nil:
            break
        }
        return .stringVariantDictionary(names.isEmpty ? properties : properties.filter { names.contains($0.0) })
    }

    private static func unknownEntry(_ id: Int32) -> BusError {
        invalidArguments("there is no menu entry \(id) (the menu changed)")
    }

    private static func invalidArguments(_ text: String) -> BusError {
        BusError(.remote, name: "org.freedesktop.DBus.Error.InvalidArgs", text)
    }

    private static let introspection = BusIntrospection.document(
        """
          <interface name="com.canonical.dbusmenu">
            <property name="Version" type="u" access="read"/>
            <property name="TextDirection" type="s" access="read"/>
            <property name="Status" type="s" access="read"/>
            <property name="IconThemePath" type="as" access="read"/>
            <method name="GetLayout"><arg type="i" direction="in"/><arg type="i" direction="in"/>\
        <arg type="as" direction="in"/><arg type="u" direction="out"/><arg type="(ia{sv}av)" direction="out"/></method>
            <method name="GetGroupProperties"><arg type="ai" direction="in"/><arg type="as" direction="in"/>\
        <arg type="a(ia{sv})" direction="out"/></method>
            <method name="GetProperty"><arg type="i" direction="in"/><arg type="s" direction="in"/>\
        <arg type="v" direction="out"/></method>
            <method name="Event"><arg type="i" direction="in"/><arg type="s" direction="in"/>\
        <arg type="v" direction="in"/><arg type="u" direction="in"/></method>
            <method name="EventGroup"><arg type="a(isvu)" direction="in"/><arg type="ai" direction="out"/></method>
            <method name="AboutToShow"><arg type="i" direction="in"/><arg type="b" direction="out"/></method>
            <method name="AboutToShowGroup"><arg type="ai" direction="in"/><arg type="ai" direction="out"/>\
        <arg type="ai" direction="out"/></method>
            <signal name="ItemsPropertiesUpdated"><arg type="a(ia{sv})"/><arg type="a(ias)"/></signal>
            <signal name="LayoutUpdated"><arg type="u"/><arg type="i"/></signal>
            <signal name="ItemActivationRequested"><arg type="i"/><arg type="u"/></signal>
          </interface>
        """)
}

extension String {
    /// dbusmenu reads `_` as the mnemonic marker: a label's own underscores are doubled.
    fileprivate var replacingUnderscores: String {
        split(separator: "_", omittingEmptySubsequences: false).joined(separator: "__")
    }
}
