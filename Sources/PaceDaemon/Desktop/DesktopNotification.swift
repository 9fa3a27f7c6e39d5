/// A freedesktop notification as Pace shows it: plain words, an urgency, and action buttons.
package struct DesktopNotification: Sendable, Equatable {
    /// How urgent the server should treat it (the `urgency` hint).
    package enum Urgency: UInt8, Sendable {
        case low = 0
        case normal = 1
        /// Servers keep critical notifications until dismissed.
        case critical = 2
    }

    /// A button: the key comes back in ``Desktop/onAction``, the label is what people read.
    package struct Action: Sendable, Equatable {
        package var key: String
        package var label: String

        package init(key: String, label: String) {
            self.key = key
            self.label = label
        }
    }

    /// The headline, e.g. "20 min walking — time to rest".
    package var summary: String
    /// More detail, in plain text (Pace escapes it for servers that read markup).
    package var body: String
    package var urgency: Urgency
    /// The `category` hint (`"x-pace.reminder"`, or a standard one such as `"presence"`); `nil` for none.
    package var category: String?
    /// Buttons, in order. Servers without the `actions` capability show none.
    package var actions: [Action]
    /// How long it stays: `nil` lets the server decide, `.zero` means until dismissed.
    package var expireTimeout: Duration?
    /// A themed icon name or a `file://` URI; `nil` uses ``Desktop/Options/iconName``.
    package var iconName: String?

    package init(
        summary: String,
        body: String = "",
        urgency: Urgency = .normal,
        category: String? = nil,
        actions: [Action] = [],
        expireTimeout: Duration? = nil,
        iconName: String? = nil
    ) {
        self.summary = summary
        self.body = body
        self.urgency = urgency
        self.category = category
        self.actions = actions
        self.expireTimeout = expireTimeout
        self.iconName = iconName
    }
}

/// Pace's name for a notification it asked to show: stable across replacement of the text, and valid before
/// the server has answered with its own id.
package struct NotificationHandle: Hashable, Sendable, CustomStringConvertible {
    package let rawValue: UInt64

    package init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    package var description: String { "notification \(rawValue)" }
}

/// Why a notification is no longer on screen (or never was).
package enum NotificationCloseReason: Sendable, Equatable, CustomStringConvertible {
    /// It timed out (the server's reason 1).
    case expired
    /// The person dismissed it (reason 2).
    case dismissed
    /// ``Desktop/close(_:)`` closed it (reason 3).
    case closedByCall
    /// The server gave no reason (reason 4, or one the specification does not define).
    case undefined
    /// It was never shown: no session bus, no notification server, or the server did not answer in time.
    case notDelivered(String)
    /// The session bus or the notification server went away while it was shown.
    case lost

    /// The reason for a `NotificationClosed` reason code.
    init(serverReason: UInt32) {
        switch serverReason {
        case 1: self = .expired
        case 2: self = .dismissed
        case 3: self = .closedByCall
        default: self = .undefined
        }
    }

    package var description: String {
        switch self {
        case .expired: "expired"
        case .dismissed: "dismissed"
        case .closedByCall: "closed by Pace"
        case .undefined: "closed"
        case .notDelivered(let why): "not delivered: \(why)"
        case .lost: "lost with the notification server"
        }
    }
}

/// What the notification server said about itself (`GetServerInformation`, `GetCapabilities`).
package struct NotificationServerInfo: Sendable, Equatable {
    package var name: String
    package var vendor: String
    package var version: String
    /// The version of the notification specification it implements, e.g. "1.2".
    package var specificationVersion: String
    /// Optional features: `actions`, `body`, `body-markup`, `persistence`, …
    package var capabilities: Set<String>

    /// Whether it shows action buttons.
    package var supportsActions: Bool { capabilities.contains("actions") }
}
