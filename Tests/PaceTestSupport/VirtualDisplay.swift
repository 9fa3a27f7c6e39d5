import FoundationEssentials
import Glibc
import Synchronization

#if canImport(Testing)
// Not in release builds, which build this target for pace-bench: only the tests take screenshots.
package import Testing
#endif

/// A private X server (`Xvfb`) on a display number it picks itself, started and stopped by pid.
///
/// A test that draws on one (dunst) takes the ``Trait/screenshotOnIssue`` trait: when it records an issue, the
/// screens of the displays it started are saved as PNG files in ``screenshotFolder`` (ImageMagick's `import`) and
/// their paths are printed and added to the issue, so a failure on CI can be looked at.
package final class VirtualDisplay: @unchecked Sendable {
    package let process: ChildProcess
    /// `:N`, for `DISPLAY`.
    package let display: String
    /// The test that started it, for screenshots of its own displays only.
    private let owner: String?

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
        owner = Self.currentTest()?.id
        Self.live.withLock { $0[display] = owner }
    }

    deinit {
        Self.live.withLock { $0[display] = nil }
        process.signal(SIGTERM)
        if process.wait(timeoutMilliseconds: 5000) == nil {
            process.signal(SIGKILL)
            process.wait()
        }
    }

    // MARK: - Screenshots

    /// Where screenshots go: `$PACE_TEST_SCREENSHOTS`, else `.build/test-screenshots` in the package.
    package static let screenshotFolder: String = {
        if let folder = ProcessInfo.processInfo.environment["PACE_TEST_SCREENSHOTS"], !folder.isEmpty { return folder }
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/.build/test-screenshots"
    }()

    /// The displays running now, and the test that started each.
    private static let live = Mutex<[String: String?]>([:])

    /// The running test's id and name, when there is one.
    private static func currentTest() -> (id: String, name: String)? {
        #if canImport(Testing)
        Test.current.map { ("\($0.id)", $0.name) }
        #else
        nil
        #endif
    }

    /// Saves the screen of `display` as a PNG in ``screenshotFolder``; returns its path, or why there is none.
    package static func screenshot(of display: String, named name: String) -> Result<String, TestFailure> {
        do {
            try FileManager.default.createDirectory(atPath: screenshotFolder, withIntermediateDirectories: true)
            let path = "\(screenshotFolder)/\(name)-display\(display.dropFirst())-\(Monotonic.milliseconds()).png"
            var environment = TestEnvironment.minimal
            environment["DISPLAY"] = display
            let result = try Executables.run("/usr/bin/import", ["-window", "root", path], environment: environment)
            guard result.status == 0 else { return .failure(TestFailure("import: \(result.standardError)")) }
            return .success(path)
        } catch {
            return .failure(TestFailure("no screenshot of \(display): \(error)"))
        }
    }

    /// Screenshots of the displays the current test started (all running ones when no test is current), each path
    /// printed on standard error.
    package static func screenshotsOfCurrentTest() -> [String] {
        let test = currentTest()
        let displays = live.withLock { live in
            live.filter { test == nil || $0.value == test?.id }.map(\.key).sorted()
        }
        let name = (test?.name ?? "test").filter { $0.isLetter || $0.isNumber }
        return displays.map { display in
            switch screenshot(of: display, named: name) {
            case .success(let path):
                let line = "\(screenshotComment) \(display): \(path)"
                _ = (line + "\n").withCString { write(2, $0, strlen($0)) }
                return line
            case .failure(let failure):
                return "\(failure)"
            }
        }
    }
}

/// How a screenshot is named in an issue and on standard error.
private let screenshotComment = "screenshot of the X display"

#if canImport(Testing)
extension Trait where Self == IssueHandlingTrait {
    /// When the test records an issue, saves the screens of the virtual displays it started and names the files in
    /// the issue (``VirtualDisplay/screenshotFolder``).
    package static var screenshotOnIssue: Self {
        .compactMapIssues { issue in
            // A suite's trait applies to each of its tests too: one set of screenshots an issue.
            guard !issue.comments.contains(where: { $0.rawValue.hasPrefix(screenshotComment) }) else { return issue }
            var issue = issue
            issue.comments += VirtualDisplay.screenshotsOfCurrentTest().map { Comment(rawValue: $0) }
            return issue
        }
    }
}
#endif
