import PaceDaemon
import PaceTestSupport
import Testing

/// Suspend and lock against a test logind on a second private bus that stands in for the system bus.
@Suite struct LogindTests {
    private static func start(
        sessionID: String? = "c1", screenSaver: Bool = false
    ) async throws -> (DesktopFixture, TestLogind, TestNotificationServer?, DesktopHarness) {
        let fixture = DesktopFixture()
        let system = try fixture.startSystemBus()
        let logind = try TestLogind(on: system, in: fixture.directory.path)
        var server: TestNotificationServer?
        if screenSaver {
            let session = try fixture.startSessionBus()
            server = try TestNotificationServer(on: session, in: fixture.directory.path, screenSaver: true)
        }
        var environment = fixture.environment
        environment["XDG_SESSION_ID"] = sessionID
        let desktop = DesktopHarness(environment: environment)
        try #require(await desktop.waitUntil { $0.isSystemBusConnected && (!screenSaver || $0.isSessionBusConnected) })
        return (fixture, logind, server, desktop)
    }

    @Test func prepareForSleepArrivesOnceEachAndDuplicatesAreIgnored() async throws {
        let (fixture, logind, _, desktop) = try await Self.start()
        try logind.prepareForSleep(true)
        try logind.prepareForSleep(true)
        #expect(await desktop.waitFor { $0 == [.sleep] })
        #expect(desktop.run { $0.isAsleep })
        try logind.prepareForSleep(false)
        try logind.prepareForSleep(false)
        #expect(await desktop.waitFor { $0 == [.sleep, .resume] })
        // One more sleep after the duplicates shows they were all processed, and ignored.
        try logind.prepareForSleep(true)
        #expect(await desktop.waitFor { $0 == [.sleep, .resume, .sleep] })
        _ = fixture
    }

    @Test func forgedPrepareForSleepFromAnotherClientIsIgnored() async throws {
        let (fixture, logind, _, desktop) = try await Self.start()
        try busctl(
            logind.bus.address,
            ["emit", "/org/freedesktop/login1", "org.freedesktop.login1.Manager", "PrepareForSleep", "b", "true"])
        try logind.setLockedHint(true)
        #expect(await desktop.waitFor { !$0.isEmpty })
        #expect(desktop.events == [.hold(doNotDisturb: false, locked: true)])
        _ = fixture
    }

    @Test(arguments: [Optional("c1"), nil])
    func lockedHintOfTheSessionIsFollowed(sessionID: String?) async throws {
        // Without XDG_SESSION_ID (a systemd user service), the session is the user's Display session.
        let (fixture, logind, _, desktop) = try await Self.start(sessionID: sessionID)
        #expect(desktop.run { $0.isLocked } == false)
        try logind.setLockedHint(true)
        #expect(await desktop.waitFor { $0 == [.hold(doNotDisturb: false, locked: true)] })
        try logind.setLockedHint(false)
        #expect(await desktop.waitFor { $0.last == .hold(doNotDisturb: false, locked: false) })
        #expect(desktop.run { $0.isLocked } == false)
        _ = fixture
    }

    @Test func activeScreenSaverCountsAsLocked() async throws {
        let (fixture, _, server, desktop) = try await Self.start(screenSaver: true)
        let notifications = try #require(server)
        try notifications.screenSaver(active: true)
        #expect(await desktop.waitFor { $0 == [.hold(doNotDisturb: false, locked: true)] })
        try notifications.screenSaver(active: false)
        #expect(await desktop.waitFor { $0.last == .hold(doNotDisturb: false, locked: false) })
        _ = fixture
    }

    @Test func systemBusLossAndReturnIsSurvived() async throws {
        let (fixture, _, _, desktop) = try await Self.start()
        let system = try #require(fixture.system)
        system.kill()
        #expect(await desktop.waitUntil { !$0.isSystemBusConnected })
        try system.start()
        let logind = try TestLogind(on: system, in: fixture.directory.path)
        #expect(await desktop.waitUntil { $0.isSystemBusConnected })
        try logind.prepareForSleep(true)
        #expect(await desktop.waitFor { $0 == [.sleep] })
    }
}
