import FoundationEssentials
import PaceDaemon
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

/// Buses that come, go and come back: the desktop never blocks, never crashes, and finds them again.
@Suite struct BusReconnectTests {
    private static let notification = DesktopNotification(
        summary: "Time to rest", actions: [.init(key: "stop", label: "Stop")])

    /// The slowest of `count` trivial blocks run on the daemon's loop, in milliseconds.
    private static func slowestProbe(_ desktop: DesktopHarness, count: Int = 20) async throws -> Int64 {
        var slowest: Int64 = 0
        for _ in 0..<count {
            let start = Monotonic.milliseconds()
            desktop.run { _ in }
            slowest = max(slowest, Monotonic.milliseconds() - start)
            try await Task.sleep(for: .milliseconds(10))
        }
        return slowest
    }

    /// A desktop on a fresh session bus whose notification server has one notification of it on screen.
    private static func showingANotification() async throws -> (
        DesktopFixture, PrivateBus, TestNotificationServer, DesktopHarness, NotificationHandle
    ) {
        let fixture = DesktopFixture()
        let bus = try fixture.startSessionBus()
        let server = try TestNotificationServer(on: bus, in: fixture.directory.path)
        let desktop = DesktopHarness(environment: fixture.environment)
        try #require(await desktop.waitUntil { $0.notificationServer != nil })
        let shown = desktop.run { $0.show(Self.notification) }
        try #require(await eventually { server.notifies.count == 1 })
        return (fixture, bus, server, desktop, shown)
    }

    @Test(arguments: [false, true])
    func sessionBusDyingMidRunIsSurvivedAndANewBusIsFound(killed: Bool) async throws {
        let (fixture, bus, first, desktop, shown) = try await Self.showingANotification()
        var server = first
        // An action coming back proves the server's answer arrived: the notification is on screen.
        try server.control("InvokeAction", "us", "\(server.notifies[0].id ?? 0)", "snooze")
        try #require(await desktop.waitFor { $0.contains(.action(shown, "snooze")) })

        // SIGKILL leaves a stale socket file behind, SIGTERM removes it: both must be survived.
        if killed { bus.kill() } else { bus.stop() }
        server.stop()
        #expect(await desktop.waitUntil { !$0.isSessionBusConnected })
        // A stall would last a call's timeout (5 s); a loaded 2-core machine can delay a turn by a few hundred ms.
        #expect(try await Self.slowestProbe(desktop) < 1000)
        #expect(await desktop.waitFor { $0.contains(.closed(shown, .lost)) })
        let undelivered = desktop.run { $0.show(Self.notification) }
        #expect(await desktop.waitFor { $0.contains(.closed(undelivered, .notDelivered("no session bus"))) })

        try bus.start()
        server = try TestNotificationServer(on: bus, in: fixture.directory.path)
        #expect(await desktop.waitUntil { $0.isSessionBusConnected && $0.notificationServer != nil })
        // Twice the server came (at the start, and with the new bus), once it went with the old one. (Reported on the
        // loop's next turn after the server is known.)
        #expect(await eventually { desktop.serverChanges == ["pace-test-server", nil, "pace-test-server"] })
        #expect(desktop.serverChanges == ["pace-test-server", nil, "pace-test-server"])
        let again = desktop.run { $0.show(Self.notification) }
        #expect(await eventually { server.notifies.count == 1 })
        try server.control("InvokeAction", "us", "\(server.notifies.first?.id ?? 0)", "stop")
        #expect(await desktop.waitFor { $0.contains(.action(again, "stop")) })
    }

    /// Options under which only inotify finds a bus in time: after a failed attempt the next comes a minute later.
    /// Calls may take long on a loaded machine; a slow answer must not look like a missing bus.
    private static var watchOnlyOptions: Desktop.Options {
        var options = DesktopHarness.fastOptions
        options.firstRetryDelay = .seconds(60)
        options.callTimeout = .seconds(30)
        return options
    }

    /// Starts a bus and its notification server beside `path`, then moves the listening socket to `path`
    /// (rename(2)): it appears there already accepting connections, as a socket systemd passes on does, so the
    /// desktop's first attempt cannot fall between dbus-daemon's bind and its listen.
    private static func busAppearing(
        at path: String,
        _ fixture: DesktopFixture
    ) throws -> (PrivateBus, TestNotificationServer) {
        let bus = try PrivateBus(in: fixture.directory.path, name: "arriving.sock")
        let server = try TestNotificationServer(on: bus, in: fixture.directory.path)
        try Syscall.rename(bus.socketPath, to: path)
        return (bus, server)
    }

    @Test func busThatAppearsLaterIsFoundWithoutPolling() async throws {
        let fixture = DesktopFixture()
        // start() has tried once and is watching the socket's directory when the harness returns.
        let desktop = DesktopHarness(environment: fixture.environment, options: Self.watchOnlyOptions)
        #expect(desktop.run { $0.isSessionBusConnected } == false)
        #expect(InotifyWatches.includes(fixture.directory.path))
        let (bus, server) = try Self.busAppearing(at: fixture.directory.appending("session.sock"), fixture)
        #expect(await desktop.waitUntil { $0.isSessionBusConnected })
        _ = desktop.run { $0.show(Self.notification) }
        #expect(await eventually { server.notifies.count == 1 })
        bus.stop()
    }

    @Test func busInADirectoryThatDoesNotExistYetIsFound() async throws {
        // Like $XDG_RUNTIME_DIR/bus before the user's manager made the runtime directory.
        let fixture = DesktopFixture()
        let runtime = fixture.directory.appending("run/user/1000")
        var environment = fixture.environment
        environment["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=\(runtime)/bus"
        let desktop = DesktopHarness(environment: environment, options: Self.watchOnlyOptions)
        #expect(desktop.run { $0.isSessionBusConnected } == false)
        // The watch moves down as each directory appears; each is made once the watch is on its parent.
        var directory = fixture.directory.path
        #expect(InotifyWatches.includes(directory))
        for name in ["run", "user", "1000"] {
            directory += "/" + name
            try Syscall.mkdir(directory, [.ownerReadWriteExecute])
            try #require(await eventually { InotifyWatches.includes(directory) }, "the watch did not move to \(name)")
        }
        let (bus, server) = try Self.busAppearing(at: runtime + "/bus", fixture)
        #expect(await desktop.waitUntil { $0.isSessionBusConnected })
        _ = desktop.run { $0.show(Self.notification) }
        #expect(await eventually { server.notifies.count == 1 })
        bus.stop()
    }

    @Test func notificationServerThatLeavesLosesItsNotificationsAndOneThatComesIsUsed() async throws {
        let (fixture, bus, first, desktop, shown) = try await Self.showingANotification()
        var server = first
        server.stop()
        #expect(await desktop.waitFor { $0.contains(.closed(shown, .lost)) })
        #expect(desktop.run { $0.notificationServer } == nil)
        server = try TestNotificationServer(
            on: bus, in: fixture.directory.path, capabilities: ["actions", "body-markup"])
        #expect(await desktop.waitUntil { $0.notificationServer?.capabilities.contains("body-markup") == true })
        #expect(desktop.run { $0.isSessionBusConnected })
    }
}
