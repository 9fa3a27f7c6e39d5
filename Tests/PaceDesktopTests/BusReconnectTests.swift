import FoundationEssentials
import PaceDaemon
import PaceTestSupport
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

    @Test(arguments: [false, true])
    func sessionBusDyingMidRunIsSurvivedAndANewBusIsFound(killed: Bool) async throws {
        let fixture = DesktopFixture()
        let bus = try fixture.startSessionBus()
        var server = try TestNotificationServer(on: bus, in: fixture.directory.path)
        let desktop = DesktopHarness(environment: fixture.environment)
        try #require(await desktop.waitUntil { $0.notificationServer != nil })
        let shown = desktop.run { $0.show(Self.notification) }
        try #require(await eventually { server.notifies.count == 1 })
        // An action coming back proves the server's answer arrived: the notification is on screen.
        try server.control("InvokeAction", "us", "\(server.notifies[0].id ?? 0)", "snooze")
        try #require(await desktop.waitFor { $0.contains(.action(shown, "snooze")) })

        // SIGKILL leaves a stale socket file behind, SIGTERM removes it: both must be survived.
        if killed { bus.kill() } else { bus.stop() }
        server.stop()
        #expect(await desktop.waitUntil { !$0.isSessionBusConnected })
        #expect(try await Self.slowestProbe(desktop) < 250)
        #expect(await desktop.waitFor { $0.contains(.closed(shown, .lost)) })
        let undelivered = desktop.run { $0.show(Self.notification) }
        #expect(await desktop.waitFor { $0.contains(.closed(undelivered, .notDelivered("no session bus"))) })

        try bus.start()
        server = try TestNotificationServer(on: bus, in: fixture.directory.path)
        #expect(await desktop.waitUntil { $0.isSessionBusConnected && $0.notificationServer != nil })
        // Twice the server came (at the start, and with the new bus), once it went with the old one.
        #expect(desktop.serverChanges == ["pace-test-server", nil, "pace-test-server"])
        let again = desktop.run { $0.show(Self.notification) }
        #expect(await eventually { server.notifies.count == 1 })
        try server.control("InvokeAction", "us", "\(server.notifies.first?.id ?? 0)", "stop")
        #expect(await desktop.waitFor { $0.contains(.action(again, "stop")) })
    }

    @Test func busThatAppearsLaterIsFoundWithoutPolling() async throws {
        let fixture = DesktopFixture()
        var options = DesktopHarness.fastOptions
        // Only inotify can find the bus in time: retries would come after a minute.
        options.firstRetryDelay = .seconds(60)
        let desktop = DesktopHarness(environment: fixture.environment, options: options)
        try await Task.sleep(for: .milliseconds(100))
        #expect(desktop.run { $0.isSessionBusConnected } == false)
        let bus = try fixture.startSessionBus()
        let server = try TestNotificationServer(on: bus, in: fixture.directory.path)
        #expect(await desktop.waitUntil { $0.isSessionBusConnected })
        _ = desktop.run { $0.show(Self.notification) }
        #expect(await eventually { server.notifies.count == 1 })
    }

    @Test func busInADirectoryThatDoesNotExistYetIsFound() async throws {
        // Like $XDG_RUNTIME_DIR/bus before the user's manager made the runtime directory.
        let fixture = DesktopFixture()
        let runtime = fixture.directory.appending("run/user/1000")
        var environment = fixture.environment
        environment["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=\(runtime)/bus"
        var options = DesktopHarness.fastOptions
        options.firstRetryDelay = .seconds(60)
        let desktop = DesktopHarness(environment: environment, options: options)
        try await Task.sleep(for: .milliseconds(100))
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        let bus = try PrivateBus(in: runtime, name: "bus")
        let server = try TestNotificationServer(on: bus, in: fixture.directory.path)
        #expect(await desktop.waitUntil { $0.isSessionBusConnected })
        _ = desktop.run { $0.show(Self.notification) }
        #expect(await eventually { server.notifies.count == 1 })
        bus.stop()
    }

    @Test func notificationServerThatLeavesLosesItsNotificationsAndOneThatComesIsUsed() async throws {
        let fixture = DesktopFixture()
        let bus = try fixture.startSessionBus()
        var server = try TestNotificationServer(on: bus, in: fixture.directory.path)
        let desktop = DesktopHarness(environment: fixture.environment)
        try #require(await desktop.waitUntil { $0.notificationServer != nil })
        let shown = desktop.run { $0.show(Self.notification) }
        try #require(await eventually { server.notifies.count == 1 })
        server.stop()
        #expect(await desktop.waitFor { $0.contains(.closed(shown, .lost)) })
        #expect(desktop.run { $0.notificationServer } == nil)
        server = try TestNotificationServer(
            on: bus, in: fixture.directory.path, capabilities: ["actions", "body-markup"])
        #expect(await desktop.waitUntil { $0.notificationServer?.capabilities.contains("body-markup") == true })
        #expect(desktop.run { $0.isSessionBusConnected })
    }
}
