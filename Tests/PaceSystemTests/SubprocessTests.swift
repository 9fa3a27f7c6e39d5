import PaceSystem
import Testing

@Suite struct SubprocessTests {
    @Test func capturesStandardOutputAndErrorApartWithTheExitStatus() throws {
        let result = try #require(Subprocess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]))
        #expect(result == Subprocess.Result(status: 3, output: "out\n", error: "err\n"))
    }

    @Test func aChildEndedByASignalReports128PlusTheSignal() throws {
        // SIGTERM, which the test runner blocks: the child starts with default dispositions and no blocked signals.
        let result = try #require(Subprocess.run("/bin/sh", ["-c", "kill -TERM $$"]))
        #expect(result.status == 128 + 15)
    }

    @Test func aChildThatPrintsMoreThanAPipeHoldsIsReadToTheEnd() throws {
        // 1 MiB: sixteen times what a pipe buffers, so the child would block if nobody read while it ran.
        let result = try #require(Subprocess.run("/bin/sh", ["-c", "head -c 1048576 /dev/zero | tr '\\0' x"]))
        #expect(result.status == 0)
        #expect(result.output.utf8.count == 1_048_576)
    }

    @Test func aChildPastItsTimeoutIsKilled() throws {
        let started = Clocks.monotonicNanoseconds()
        let result = try #require(Subprocess.run("/bin/sleep", ["30"], timeoutMilliseconds: 200))
        #expect(result.status == 128 + 9)
        // Killed at the timeout, not after the child's 30 s (the bound is loose for a loaded machine).
        #expect(Clocks.monotonicNanoseconds() - started < 20_000_000_000)
    }

    @Test func aProgramThatCannotBeStartedGivesNil() {
        #expect(Subprocess.run("/nonexistent/program", []) == nil)
    }

    @Test func findLooksThroughThePathInOrderForAnExecutable() {
        #expect(Subprocess.find("sh", path: "/nonexistent:/bin") == "/bin/sh")
        #expect(Subprocess.find("passwd", path: "/etc") == nil)  // /etc/passwd exists but is not executable
        #expect(Subprocess.find("no-such-program-here", path: "/bin:/usr/bin") == nil)
    }
}
