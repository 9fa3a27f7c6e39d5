import PaceTestSupport
import Testing

/// Issue 14's typo, against the real paced: `pace log walk 5h --at 08:00` is not recorded as typed; on a terminal
/// `pace` asks, without one it says what to add, and `--yes` records it.
@Suite(.serialized) struct CLIPlausibilityTests {
    @Test func aFiveHourTypoIsAskedAboutOnATerminalAndRefusedWithoutOne() throws {
        let daemon = try DaemonProcess(clockAtUTCHour: 14)
        try daemon.start()
        let refused = try daemon.pace("log", "walk", "5h", "--at", "08:00")
        #expect(refused.status == 65, "\(refused)")
        #expect(refused.standardError.contains("add --yes to record it anyway"), "\(refused)")

        let terminal = try PseudoTerminal(
            Executables.path("pace"), ["log", "walk", "5h", "--at", "08:00"], environment: daemon.environment)
        #expect(terminal.waitFor("Record it anyway? [y/N] "))
        terminal.type("n\n")
        #expect(terminal.wait() == .exited(65))
        #expect(try daemon.pace("history", "--days", "1", "--json").standardOutput.contains(#""activeMinutes" : 0"#))

        let confirmed = try daemon.pace("log", "walk", "5h", "--at", "08:00", "--yes")
        #expect(confirmed.status == 0, "\(confirmed)")
        #expect(try daemon.pace("history", "--days", "1", "--json").standardOutput.contains(#""activeMinutes" : 300"#))
        #expect(daemon.stop() == .exited(0))
    }
}
