import PaceDaemon
import PaceTestSupport
import Testing

/// Whether the desktop knows yet what holds reminders (do not disturb, a lock): right after start-up it has not
/// heard from the buses, and a reminder shown then could reach someone who asked not to be disturbed.
@Suite struct KnownHoldsTests {
    @Test func withoutBusesTheHoldsAreKnownAtOnce() {
        let fixture = DesktopFixture()
        let desktop = DesktopHarness(environment: fixture.environment)
        #expect(desktop.run { $0.knowsHolds && !$0.isDoNotDisturb && !$0.isLocked })
    }

    @Test func holdsAreKnownOnlyOnceLogindAndTheNotificationServerHaveAnswered() async throws {
        let fixture = DesktopFixture()
        let session = try fixture.startSessionBus()
        let system = try fixture.startSystemBus()
        let server = try TestNotificationServer(on: session, in: fixture.directory.path)
        let logind = try TestLogind(on: system, in: fixture.directory.path)
        try server.control("SetInhibited", "b", "true")
        try logind.setLockedHint(true)

        let desktop = DesktopHarness(environment: fixture.environment)
        // Both buses are there, so nothing is known before they answered. (Read at start, on the daemon's loop:
        // asked later, both answers may already have been taken.)
        #expect(desktop.knewHoldsAtStart == false)
        #expect(await desktop.waitUntil { $0.knowsHolds })
        // Known means both answers are in: never "known" with either hold missing.
        #expect(desktop.holdsKnown.first == .hold(doNotDisturb: true, locked: true))
        #expect(desktop.run { $0.isDoNotDisturb && $0.isLocked })

        // The server's do-not-disturb leaves with it; a new one is asked again.
        server.stop()
        #expect(await desktop.waitUntil { $0.notificationServer == nil && !$0.isDoNotDisturb })
        let again = try TestNotificationServer(on: session, in: fixture.directory.path)
        #expect(await desktop.waitUntil { $0.notificationServer != nil && $0.knowsHolds })
        #expect(desktop.run { !$0.isDoNotDisturb && $0.isLocked })
        _ = (fixture, again)
    }
}
