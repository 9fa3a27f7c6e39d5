import FoundationEssentials
import Glibc

/// One of the Python test servers in `Tests/DBus`, started and stopped by pid.
package final class PythonServer: @unchecked Sendable {
    package let process: ChildProcess

    /// Starts `script` (in `Tests/DBus`, or `scripts`) with `arguments` and waits until it prints "ready" (it owns its
    /// bus names then).
    package init(
        _ script: String, _ arguments: [String], outputDirectory: String, scripts: String = TestEnvironment.scripts
    ) throws {
        process = try ChildProcess(
            "/usr/bin/python3", [scripts + "/" + script] + arguments,
            environment: TestEnvironment.minimal, outputDirectory: outputDirectory)
        // A script that cannot start (a module or a permission missing) exits: no need to wait out the timeout.
        let ready = { [process] in process.standardOutput.contains("ready") }
        guard poll(timeoutMilliseconds: 30_000, { ready() || !process.isRunning }), ready() else {
            process.signal(SIGKILL)
            throw TestFailure("\(script) did not start: \(process.standardError)")
        }
    }

    deinit {
        stop()
    }

    package func stop() {
        guard process.isRunning else { return }
        process.signal(SIGTERM)
        if process.wait(timeoutMilliseconds: 5000) == nil {
            process.signal(SIGKILL)
            process.wait()
        }
    }
}

/// `Tests/DBus/notification_server.py`: records calls, emits signals when asked.
package final class TestNotificationServer: @unchecked Sendable {
    package let bus: PrivateBus
    package let recordPath: String
    private let server: PythonServer

    package init(
        on bus: PrivateBus, in directory: String, capabilities: [String] = ["actions", "body"],
        silent: Bool = false, screenSaver: Bool = false
    ) throws {
        self.bus = bus
        recordPath = directory + "/notifications-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        var arguments = ["--address", bus.address, "--record", recordPath]
        arguments += ["--capabilities", capabilities.joined(separator: ",")]
        if silent { arguments.append("--silent") }
        if screenSaver { arguments.append("--screensaver") }
        server = try PythonServer("notification_server.py", arguments, outputDirectory: directory)
    }

    package func stop() { server.stop() }

    /// Every call recorded so far.
    package var calls: [RecordedCall] {
        guard let data = FileManager.default.contents(atPath: recordPath) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONDecoder().decode(RecordedCall.self, from: Data($0.utf8))
        }
    }

    package var notifies: [RecordedCall] { calls.filter { $0.call == "Notify" } }

    /// Calls a method of the test control interface with `busctl`.
    package func control(_ method: String, _ signature: String, _ arguments: String...) throws {
        let target = ["org.freedesktop.Notifications", "/org/freedesktop/Notifications", "io.pace.Test"]
        try busctl(bus.address, ["call"] + target + [method, signature] + arguments)
    }

    package func screenSaver(active: Bool) throws {
        let target = ["org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "io.pace.Test"]
        try busctl(bus.address, ["call"] + target + ["SetScreenSaverActive", "b", active ? "true" : "false"])
    }
}

/// `Tests/DBus/test_logind.py` on a test system bus.
package final class TestLogind: @unchecked Sendable {
    package let bus: PrivateBus
    private let server: PythonServer

    package init(on bus: PrivateBus, in directory: String, sessionID: String = "c1") throws {
        self.bus = bus
        server = try PythonServer(
            "test_logind.py", ["--address", bus.address, "--session", sessionID, "--uid", "\(getuid())"],
            outputDirectory: directory)
    }

    private static let target = ["org.freedesktop.login1", "/org/freedesktop/login1", "io.pace.Test"]

    package func prepareForSleep(_ sleeping: Bool) throws {
        try busctl(bus.address, ["call"] + Self.target + ["EmitPrepareForSleep", "b", sleeping ? "true" : "false"])
    }

    package func setLockedHint(_ locked: Bool) throws {
        try busctl(bus.address, ["call"] + Self.target + ["SetLockedHint", "b", locked ? "true" : "false"])
    }

    /// Sets the session's `IdleHint` (what a desktop sets when nobody has touched it for a while).
    package func setIdleHint(_ idle: Bool) throws {
        try busctl(bus.address, ["call"] + Self.target + ["SetIdleHint", "b", idle ? "true" : "false"])
    }

    /// Sets the session's `IdleHint` and `IdleSinceHint` (milliseconds since the epoch here; logind's microseconds
    /// on the bus), sent together as logind sends them.
    package func setIdleHint(_ idle: Bool, sinceMilliseconds: Int64) throws {
        try busctl(
            bus.address,
            ["call"] + Self.target + ["SetIdleHintSince", "bt", idle ? "true" : "false", "\(sinceMilliseconds * 1000)"])
    }
}

/// `Tests/DBus/mutter_idle_monitor.py`: GNOME's idle monitor on a test session bus.
package final class TestIdleMonitor: @unchecked Sendable {
    package let bus: PrivateBus
    private let server: PythonServer

    /// - Parameter idle: Whether nobody has touched the desktop for a minute already when it starts.
    package init(on bus: PrivateBus, in directory: String, idle: Bool = false) throws {
        self.bus = bus
        server = try PythonServer(
            "mutter_idle_monitor.py", ["--address", bus.address] + (idle ? ["--idle"] : []), outputDirectory: directory)
    }

    /// Stops it (GNOME Shell going away): its name leaves the bus.
    package func stop() {
        server.stop()
    }

    /// Idle: the idle watches fire; not idle: the user-active watches fire, once.
    package func setIdle(_ idle: Bool) throws {
        try busctl(
            bus.address,
            [
                "call", "org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core", "io.pace.Test", "SetIdle",
                "b", idle ? "true" : "false",
            ])
    }
}

/// Runs `busctl --address=ADDRESS ARGUMENTS…` and fails the test if it fails.
package func busctl(_ address: String, _ arguments: [String]) throws {
    let result = try Executables.run(
        "/usr/bin/busctl", ["--address=\(address)", "--quiet"] + arguments, environment: TestEnvironment.minimal)
    guard result.status == 0 else {
        throw TestFailure("busctl \(arguments.joined(separator: " ")) failed: \(result.standardError)")
    }
}

/// One line of the notification server's record.
package struct RecordedCall: Decodable, Sendable {
    package var call: String
    package var id: UInt32?
    package var appName: String?
    package var replacesID: UInt32?
    package var appIcon: String?
    package var summary: String?
    package var body: String?
    package var actions: [String]?
    package var hints: [String: HintValue]?
    package var hintTypes: [String: String]?
    package var expireTimeout: Int32?
}

/// A hint value as the server recorded it.
package enum HintValue: Decodable, Equatable, Sendable {
    case number(Int)
    case text(String)
    case flag(Bool)

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }
}

/// `Tests/DBus/test_bluez.py` on a test system bus: BlueZ with an adapter and a heart-rate sensor.
package final class TestBlueZ: @unchecked Sendable {
    package let bus: PrivateBus
    private let server: PythonServer
    package static let sensorAddress = "A0:9E:1A:12:34:56"
    /// The sensor's Heart Rate Measurement characteristic (on hci0).
    package static let measurementPath = "/org/bluez/hci0/dev_A0_9E_1A_12_34_56/service000c/char000d"

    /// What the fake answers `AcquireNotify` with.
    package enum NotifySocket: String, Sendable, CaseIterable {
        /// A socket, as BlueZ 5.46 and later hand over: notifications arrive on it.
        case offered
        /// `org.bluez.Error.NotPermitted`, as when another client holds it: Pace reads signals.
        case refused
        /// No `NotifyAcquired` and no such method, as BlueZ before 5.46: Pace does not ask.
        case absent
    }

    /// Whether this machine has what the fake needs: dbus-daemon, busctl, and python3 with its dbus and gi modules.
    package static let isAvailable: Bool = {
        let tools = ["/usr/bin/dbus-daemon", "/usr/bin/busctl", "/usr/bin/python3"]
        guard tools.allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) }) else { return false }
        let probe = try? Executables.run(
            "/usr/bin/python3", ["-c", "import dbus, dbus.service, gi.repository.GLib"],
            environment: TestEnvironment.minimal)
        return probe?.status == 0
    }()

    package init(
        on bus: PrivateBus, in directory: String, connected: Bool = false, paired: Bool = true,
        battery: Bool = true, adapter: Bool = true, connectFailures: Int = 0, notifySocket: NotifySocket = .offered
    ) throws {
        self.bus = bus
        var arguments = ["--address", bus.address, "--sensor", Self.sensorAddress]
        arguments += ["--notify-socket", notifySocket.rawValue]
        if connected { arguments.append("--connected") }
        if !paired { arguments.append("--unpaired") }
        if !battery { arguments.append("--no-battery") }
        if !adapter { arguments.append("--no-adapter") }
        if connectFailures > 0 { arguments += ["--connect-failures", "\(connectFailures)"] }
        server = try PythonServer("test_bluez.py", arguments, outputDirectory: directory)
    }

    package func stop() { server.stop() }

    private static let target = ["org.bluez", "/", "io.pace.Test"]

    /// Notifies a Heart Rate Measurement frame (while Pace has notifications on).
    package func notify(_ frame: [UInt8]) throws {
        try busctl(bus.address, ["call"] + Self.target + ["Notify", "ay", "\(frame.count)"] + frame.map { "\($0)" })
    }

    /// Notifies each frame in turn, with one call.
    package func notify(each frames: [[UInt8]]) throws {
        let arguments = frames.flatMap { frame in ["\(frame.count)"] + frame.map { "\($0)" } }
        try busctl(bus.address, ["call"] + Self.target + ["NotifyEach", "aay", "\(frames.count)"] + arguments)
    }

    /// A device vanishing mid-notification: the first frame, the device's objects announced gone, the other frames
    /// from its characteristic all the same, then the objects go (`NotifyAndVanish` in test_bluez.py).
    package func notifyAndVanish(_ frames: [[UInt8]]) throws {
        let arguments = frames.flatMap { frame in ["\(frame.count)"] + frame.map { "\($0)" } }
        try busctl(bus.address, ["call"] + Self.target + ["NotifyAndVanish", "aay", "\(frames.count)"] + arguments)
    }

    package func setConnected(_ connected: Bool) throws {
        try busctl(bus.address, ["call"] + Self.target + ["SetConnected", "b", connected ? "true" : "false"])
    }

    package func setPowered(_ adapter: String, _ powered: Bool) throws {
        try busctl(bus.address, ["call"] + Self.target + ["SetPowered", "sb", adapter, powered ? "true" : "false"])
    }

    package func addAdapter(_ name: String, withSensor: Bool) throws {
        try busctl(bus.address, ["call"] + Self.target + ["AddAdapter", "sb", name, withSensor ? "true" : "false"])
    }

    package func removeAdapter(_ name: String) throws {
        try busctl(bus.address, ["call"] + Self.target + ["RemoveAdapter", "s", name])
    }

    package func setBattery(_ level: UInt8) throws {
        try busctl(bus.address, ["call"] + Self.target + ["SetBattery", "y", "\(level)"])
    }

    /// What `AcquireNotify` answers from now on (``NotifySocket/absent`` only for characteristics made later).
    package func setNotifySocket(_ mode: NotifySocket) throws {
        try busctl(bus.address, ["call"] + Self.target + ["SetNotifySocket", "s", mode.rawValue])
    }

    /// Closes the fake's end of every notification socket, the device staying connected.
    package func releaseNotify() throws {
        try busctl(bus.address, ["call"] + Self.target + ["ReleaseNotify"])
    }

    /// Whether a client holds the measurement characteristic's notification socket (`NotifyAcquired`).
    package func notifyAcquired() throws -> Bool {
        let result = try Executables.run(
            "/usr/bin/busctl",
            [
                "--address=\(bus.address)", "get-property", "org.bluez", Self.measurementPath,
                "org.bluez.GattCharacteristic1", "NotifyAcquired",
            ], environment: TestEnvironment.minimal)
        guard result.status == 0 else { throw TestFailure("busctl get-property failed: \(result.standardError)") }
        return result.standardOutput.contains("true")
    }

    /// The calls Pace made: "Connect /org/bluez/hci0/dev_…", "StartNotify …".
    package func calls() throws -> [String] {
        let result = try Executables.run(
            "/usr/bin/busctl", ["--address=\(bus.address)", "--json=short", "call"] + Self.target + ["Calls"],
            environment: TestEnvironment.minimal)
        guard result.status == 0 else { throw TestFailure("busctl Calls failed: \(result.standardError)") }
        struct Reply: Decodable { var data: [[String]] }
        return try JSONDecoder().decode(Reply.self, from: Data(result.standardOutput.utf8)).data.first ?? []
    }
}

/// `Tests/DBus/tray_host.py`: a StatusNotifierWatcher and tray host, as a panel would be, on a test session bus.
package final class TestTrayHost: @unchecked Sendable {
    package let bus: PrivateBus
    package let recordPath: String
    private let server: PythonServer

    /// Starts the watcher; with `vanishOnRegister` it exits on the first registration without answering.
    package init(on bus: PrivateBus, in directory: String, vanishOnRegister: Bool = false) throws {
        self.bus = bus
        recordPath = directory + "/tray-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        var arguments = ["--address", bus.address, "--record", recordPath]
        if vanishOnRegister { arguments.append("--vanish-on-register") }
        server = try PythonServer("tray_host.py", arguments, outputDirectory: directory)
    }

    package func stop() { server.stop() }

    /// Whether the watcher process still runs.
    package var isRunning: Bool { server.process.isRunning }

    /// One line of the record: a registration or a signal from the item or its menu.
    package struct Record: Decodable, Sendable {
        package var call: String?
        package var service: String?
        package var signal: String?
    }

    package var records: [Record] {
        guard let data = FileManager.default.contents(atPath: recordPath) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONDecoder().decode(Record.self, from: Data($0.utf8))
        }
    }

    /// The `RegisterStatusNotifierItem` calls received.
    package var registrations: [String] {
        records.compactMap { $0.call == "RegisterStatusNotifierItem" ? $0.service : nil }
    }

    /// The items whose bus name went away (a panel drops them).
    package var departures: [String] { records.compactMap { $0.call == "ItemGone" ? $0.service : nil } }

    /// The signals received from the registered item and its menu, by member name.
    package var signals: [String] { records.compactMap(\.signal) }

    /// Calls a method of the test interface and returns its string reply.
    package func control(_ method: String, _ arguments: [String] = []) throws -> String {
        let result = try Executables.run(
            "/usr/bin/busctl",
            [
                "--address=\(bus.address)", "--json=short", "call", "org.kde.StatusNotifierWatcher",
                "/StatusNotifierWatcher",
                "io.pace.Test", method,
            ] + arguments,
            environment: TestEnvironment.minimal)
        guard result.status == 0 else { throw TestFailure("busctl \(method) failed: \(result.standardError)") }
        struct Reply: Decodable { var data: [String] }
        return try JSONDecoder().decode(Reply.self, from: Data(result.standardOutput.utf8)).data.first ?? ""
    }

    /// The item's properties as the host read them (`GetAll`).
    package func item() throws -> TrayItem {
        try JSONDecoder().decode(TrayItem.self, from: Data(try control("Item").utf8))
    }

    /// The menu as the host read it (`GetLayout(0, -1, [])`).
    package func layout() throws -> TrayMenuNode {
        struct Reply: Decodable { var root: TrayMenuNode }
        return try JSONDecoder().decode(Reply.self, from: Data(try control("Layout").utf8)).root
    }

    /// Clicks menu entry `id`: "ok", or the name of the D-Bus error the item answered.
    package func click(_ id: Int) throws -> String {
        try control("Click", ["i", "\(id)"])
    }
}

/// A StatusNotifierItem's properties, as ``TestTrayHost`` read them.
package struct TrayItem: Decodable, Sendable {
    package var service: String
    package var properties: Properties

    /// The specification's properties (`Id`, `Title`, …), named in Swift's case.
    package struct Properties: Decodable, Sendable {
        package var id: String
        package var title: String
        package var status: String
        package var category: String
        package var iconName: String
        /// `[width, height, base64 of ARGB32 bytes]` each.
        package var iconPixmap: [Pixmap]
        package var toolTip: ToolTip
        package var itemIsMenu: Bool
        package var menu: String

        private enum CodingKeys: String, CodingKey {
            case id = "Id"
            case title = "Title"
            case status = "Status"
            case category = "Category"
            case iconName = "IconName"
            case iconPixmap = "IconPixmap"
            case toolTip = "ToolTip"
            case itemIsMenu = "ItemIsMenu"
            case menu = "Menu"
        }
    }

    package struct Pixmap: Decodable, Sendable {
        package var width: Int
        package var height: Int
        package var argb: [UInt8]

        package init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            width = try container.decode(Int.self)
            height = try container.decode(Int.self)
            argb = [UInt8](Data(base64Encoded: try container.decode(String.self)) ?? Data())
        }

        /// The pixel at `x`, `y` as [alpha, red, green, blue].
        package func pixel(_ x: Int, _ y: Int) -> [UInt8] {
            let offset = (y * width + x) * 4
            return Array(argb[offset..<offset + 4])
        }
    }

    /// `(sa(iiay)ss)`: icon name, pixmaps, title, text.
    package struct ToolTip: Decodable, Sendable {
        package var iconName: String
        package var title: String
        package var text: String

        package init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            iconName = try container.decode(String.self)
            _ = try container.decode([Pixmap].self)
            title = try container.decode(String.self)
            text = try container.decode(String.self)
        }
    }
}

/// One entry of a dbusmenu layout, as ``TestTrayHost`` read it.
package struct TrayMenuNode: Decodable, Sendable {
    package var id: Int
    package var properties: [String: MenuProperty]
    package var children: [TrayMenuNode]

    package var label: String? {
        if case .text(let text)? = properties["label"] { return text }
        return nil
    }

    /// The first entry here or below whose label is `label`.
    package func entry(_ label: String) -> TrayMenuNode? {
        if self.label == label { return self }
        for child in children { if let found = child.entry(label) { return found } }
        return nil
    }

    /// The first entry here or below whose label starts with `prefix`.
    package func entry(startingWith prefix: String) -> TrayMenuNode? {
        if label?.hasPrefix(prefix) == true { return self }
        for child in children { if let found = child.entry(startingWith: prefix) { return found } }
        return nil
    }

    /// Every label here and below, depth first.
    package var labels: [String] { (label.map { [$0] } ?? []) + children.flatMap(\.labels) }

    /// A property value: dbusmenu's are strings, booleans and integers.
    package enum MenuProperty: Decodable, Equatable, Sendable {
        case text(String)
        case flag(Bool)
        case number(Int)

        package init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .flag(flag)
            } else if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }
    }
}
