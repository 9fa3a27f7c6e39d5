/// What the tray shows: the icon, its status and tooltip, and the menu. The daemon makes one from the pacing state
/// (``TrayController``); the desktop layer serves it as a StatusNotifierItem with a `com.canonical.dbusmenu` menu.
package struct TrayContent: Sendable, Equatable {
    /// The StatusNotifierItem `Status`: hosts hide a passive item, and draw attention to one that needs it.
    package enum Status: String, Sendable, Equatable {
        case passive = "Passive"
        case active = "Active"
        case needsAttention = "NeedsAttention"
    }

    package var status: Status
    package var icon: RingIcon
    /// The tooltip's body (its title is the application name).
    package var tooltip: String
    package var menu: [TrayMenuEntry]

    package init(status: Status, icon: RingIcon, tooltip: String, menu: [TrayMenuEntry]) {
        self.status = status
        self.icon = icon
        self.tooltip = tooltip
        self.menu = menu
    }
}

/// One entry of the tray's menu: an action to click, a line to read, a separator, or a submenu.
package struct TrayMenuEntry: Sendable, Equatable {
    /// How an entry shows whether it is on.
    package enum Toggle: Sendable, Equatable {
        case checkmark(Bool)
        case radio(Bool)
    }

    /// What a click does, as the daemon names it (`stop`, `start:walk`); `nil` for a line to read or a submenu.
    package var action: String?
    package var label: String
    package var enabled: Bool
    package var toggle: Toggle?
    package var isSeparator: Bool
    package var children: [TrayMenuEntry]

    /// An entry that does `action` when clicked.
    package static func action(_ action: String, _ label: String, toggle: Toggle? = nil) -> TrayMenuEntry {
        TrayMenuEntry(action: action, label: label, enabled: true, toggle: toggle, isSeparator: false, children: [])
    }

    /// A line to read, greyed out: nothing happens when it is clicked.
    package static func line(_ label: String, toggle: Toggle? = nil) -> TrayMenuEntry {
        TrayMenuEntry(action: nil, label: label, enabled: false, toggle: toggle, isSeparator: false, children: [])
    }

    package static func submenu(_ label: String, _ children: [TrayMenuEntry]) -> TrayMenuEntry {
        TrayMenuEntry(
            action: nil, label: label, enabled: !children.isEmpty, toggle: nil, isSeparator: false, children: children)
    }

    package static let separator = TrayMenuEntry(
        action: nil, label: "", enabled: true, toggle: nil, isSeparator: true, children: [])

    /// Every action in this entry and below it.
    var actions: [String] {
        (action.map { [$0] } ?? []) + children.flatMap(\.actions)
    }
}
