import PaceDaemon
import PaceTestSupport
import Testing

/// Notifications against a real `dbus-daemon` and the Python test server that records every call.
@Suite struct NotificationTests {
    static let reminder = DesktopNotification(
        summary: "20 min walking — time to rest",
        body: "You planned 20 min. Stop now & rest.",
        urgency: .critical,
        category: "x-pace.reminder",
        actions: [
            .init(key: "stop", label: "Stop"),
            .init(key: "snooze", label: "Snooze 5 min"),
            .init(key: "rest", label: "Start rest"),
        ],
        expireTimeout: .seconds(30),
        iconName: "pace-test-icon")

    /// A desktop connected to a private session bus with a test notification server on it.
    private static func connected(capabilities: [String] = ["actions", "body"]) async throws -> (
        DesktopFixture, TestNotificationServer, DesktopHarness
    ) {
        let fixture = DesktopFixture()
        let bus = try fixture.startSessionBus()
        let server = try TestNotificationServer(on: bus, in: fixture.directory.path, capabilities: capabilities)
        let desktop = DesktopHarness(environment: fixture.environment)
        try #require(await desktop.waitUntil { $0.notificationServer != nil })
        return (fixture, server, desktop)
    }

    @Test func notificationArrivesWithItsThreeActionsAndHints() async throws {
        let (fixture, server, desktop) = try await Self.connected()
        _ = desktop.run { $0.show(Self.reminder) }
        try #require(await eventually { server.notifies.count == 1 })
        let call = try #require(server.notifies.first)
        #expect(call.appName == "Pace")
        #expect(call.appIcon == "pace-test-icon")
        #expect(call.summary == "20 min walking — time to rest")
        #expect(call.body == "You planned 20 min. Stop now & rest.")
        #expect(call.actions == ["stop", "Stop", "snooze", "Snooze 5 min", "rest", "Start rest"])
        #expect(call.hints?["urgency"] == .number(2))
        #expect(call.hintTypes?["urgency"] == "Byte")
        #expect(call.hints?["category"] == .text("x-pace.reminder"))
        #expect(call.replacesID == 0)
        #expect(call.expireTimeout == 30_000)
        _ = fixture
    }

    @Test func serverInformationAndCapabilitiesAreRead() async throws {
        let (fixture, server, desktop) = try await Self.connected(capabilities: ["actions", "body", "persistence"])
        let information = try #require(desktop.run { $0.notificationServer })
        #expect(information.name == "pace-test-server")
        #expect(information.specificationVersion == "1.3")
        #expect(information.capabilities == ["actions", "body", "persistence"])
        #expect(information.supportsActions)
        _ = (fixture, server)
    }

    @Test func replacingReusesTheServerIDEvenBeforeTheFirstReply() async throws {
        let (fixture, server, desktop) = try await Self.connected()
        var updated = Self.reminder
        updated.summary = "25 min walking — time to rest"
        // The replacement is asked for before the server can have answered the first Notify.
        let (first, second) = desktop.run { desktop in
            let first = desktop.show(Self.reminder)
            return (first, desktop.show(updated, replacing: first))
        }
        #expect(first != second)
        try #require(await eventually { server.notifies.count == 2 })
        let calls = server.notifies
        #expect(calls[0].replacesID == 0)
        #expect(calls[1].replacesID == calls[0].id)
        #expect(calls[1].id == calls[0].id)
        #expect(calls[1].summary == "25 min walking — time to rest")
        // The retired handle is never reported; an action on the notification names the new one.
        try server.control("InvokeAction", "us", "\(calls[0].id!)", "stop")
        #expect(await desktop.waitFor { $0.contains(.action(second, "stop")) })
        #expect(!desktop.events.contains { if case .closed(first, _) = $0 { true } else { false } })
        _ = fixture
    }

    @Test func actionInvokedReachesTheHandlerWithItsKey() async throws {
        let (fixture, server, desktop) = try await Self.connected()
        let handle = desktop.run { $0.show(Self.reminder) }
        try #require(await eventually { server.notifies.count == 1 })
        let id = try #require(server.notifies.first?.id)
        try server.control("InvokeAction", "us", "\(id)", "snooze")
        #expect(await desktop.waitFor { $0 == [.action(handle, "snooze")] })
        _ = fixture
    }

    @Test func actionsForOtherApplicationsNotificationsAreIgnored() async throws {
        let (fixture, server, desktop) = try await Self.connected()
        let handle = desktop.run { $0.show(Self.reminder) }
        try #require(await eventually { server.notifies.count == 1 })
        let id = try #require(server.notifies.first?.id)
        // An id Pace never got, and a forged signal from a client that is not the notification server.
        try server.control("InvokeAction", "us", "\(id + 100)", "stop")
        try busctl(
            server.bus.address,
            [
                "emit", "/org/freedesktop/Notifications", "org.freedesktop.Notifications", "ActionInvoked", "us",
                "\(id)", "stop",
            ])
        try server.control("InvokeAction", "us", "\(id)", "rest")
        #expect(await desktop.waitFor { !$0.isEmpty })
        #expect(desktop.events == [.action(handle, "rest")])
        _ = fixture
    }

    @Test func closeNotificationClosesItAndReportsTheReason() async throws {
        let (fixture, server, desktop) = try await Self.connected()
        let handle = desktop.run { $0.show(Self.reminder) }
        try #require(await eventually { server.notifies.count == 1 })
        desktop.run { $0.close(handle) }
        #expect(await eventually { server.calls.contains { $0.call == "CloseNotification" } })
        #expect(server.calls.first { $0.call == "CloseNotification" }?.id == server.notifies.first?.id)
        #expect(await desktop.waitFor { $0 == [.closed(handle, .closedByCall)] })
        _ = fixture
    }

    @Test func closeBeforeTheServerAnsweredStillCloses() async throws {
        let (fixture, server, desktop) = try await Self.connected()
        desktop.run { desktop in desktop.close(desktop.show(Self.reminder)) }
        #expect(await eventually { server.calls.contains { $0.call == "CloseNotification" } })
        _ = fixture
    }

    @Test func dismissalByThePersonIsReported() async throws {
        let (fixture, server, desktop) = try await Self.connected()
        let handle = desktop.run { $0.show(Self.reminder) }
        try #require(await eventually { server.notifies.count == 1 })
        try server.control("Close", "uu", "\(server.notifies[0].id!)", "2")
        #expect(await desktop.waitFor { $0 == [.closed(handle, .dismissed)] })
        _ = fixture
    }

    @Test func bodyIsEscapedOnlyForServersThatReadMarkup() async throws {
        let (fixture, server, desktop) = try await Self.connected(capabilities: ["actions", "body", "body-markup"])
        _ = desktop.run { $0.show(DesktopNotification(summary: "Walk & talk", body: "Walk & talk <3 > 2")) }
        try #require(await eventually { server.notifies.count == 1 })
        #expect(server.notifies[0].body == "Walk &amp; talk &lt;3 &gt; 2")
        #expect(server.notifies[0].summary == "Walk & talk")
        _ = fixture
    }

    @Test func inhibitedPropertyIsFollowed() async throws {
        let (fixture, server, desktop) = try await Self.connected()
        #expect(desktop.run { $0.isDoNotDisturb } == false)
        try server.control("SetInhibited", "b", "true")
        #expect(await desktop.waitFor { $0 == [.hold(doNotDisturb: true, locked: false)] })
        #expect(desktop.run { $0.isDoNotDisturb })
        try server.control("SetInhibited", "b", "false")
        #expect(await desktop.waitFor { $0.last == .hold(doNotDisturb: false, locked: false) })
        #expect(desktop.events.count == 2)
        _ = fixture
    }

    @Test func unansweredCallTimesOutWithoutStallingTheQueue() async throws {
        let fixture = DesktopFixture()
        let bus = try fixture.startSessionBus()
        let server = try TestNotificationServer(on: bus, in: fixture.directory.path, silent: true)
        var options = DesktopHarness.fastOptions
        // Long enough that a loop stalled by the unanswered call is told from a loaded machine's slow turn (a full
        // `make test` on 2 cores has seen 317 ms).
        options.callTimeout = .milliseconds(2_000)
        let desktop = DesktopHarness(environment: fixture.environment, options: options)
        try #require(await desktop.waitUntil { $0.isSessionBusConnected })
        let handle = desktop.run { $0.show(Self.reminder) }
        // While the server does not answer, the loop serves everything else at once.
        var slowest: Int64 = 0
        for _ in 0..<20 {
            let start = Monotonic.milliseconds()
            desktop.run { _ in }
            slowest = max(slowest, Monotonic.milliseconds() - start)
            try await Task.sleep(for: .milliseconds(25))
        }
        #expect(slowest < 1_000)
        #expect(await desktop.waitFor { !$0.isEmpty })
        guard case .closed(handle, .notDelivered(let why)) = desktop.events.first else {
            Issue.record("expected the notification to be reported undelivered, got \(desktop.events)")
            return
        }
        #expect(why.contains("NoReply") || why.contains("timed out"))
        #expect(server.calls.contains { $0.call == "GetCapabilities" })
        _ = fixture
    }

    @Test func withoutASessionBusNotificationsAreReportedUndelivered() async throws {
        let fixture = DesktopFixture()
        let desktop = DesktopHarness(environment: fixture.environment)
        let handle = desktop.run { $0.show(Self.reminder) }
        #expect(await desktop.waitFor { $0 == [.closed(handle, .notDelivered("no session bus"))] })
        #expect(desktop.run { $0.isSessionBusConnected } == false)
    }
}
