import Glibc

/// A private X server (`Xvfb`) on a display number it picks itself, started and stopped by pid.
package final class VirtualDisplay: @unchecked Sendable {
    package let process: ChildProcess
    /// `:N`, for `DISPLAY`.
    package let display: String

    /// Starts `Xvfb` and waits until it accepts clients.
    package init(in directory: String) throws {
        // -displayfd: Xvfb chooses a free display and writes its number once it accepts clients.
        process = try ChildProcess(
            "/usr/bin/Xvfb", ["-displayfd", "1", "-screen", "0", "800x600x24", "-nolisten", "tcp"],
            environment: TestEnvironment.minimal, outputDirectory: directory)
        let process = self.process
        guard poll(timeoutMilliseconds: 10_000, { process.standardOutput.hasSuffix("\n") }) else {
            process.signal(SIGKILL)
            throw TestFailure("Xvfb did not start: \(process.standardError)")
        }
        display = ":" + process.standardOutput.filter(\.isNumber)
    }

    deinit {
        process.signal(SIGTERM)
        if process.wait(timeoutMilliseconds: 5000) == nil {
            process.signal(SIGKILL)
            process.wait()
        }
    }
}
