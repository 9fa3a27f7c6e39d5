import Glibc
import PaceTestSupport

/// A virtual X display with a session bus, and the break timers people would otherwise run on it.
///
/// Workrave and Safe Eyes are desktop programs: they need an X display and a D-Bus session bus, which `Xvfb` and
/// a private `dbus-daemon` provide, so they run here as they would on a laptop (with fresh settings in a private
/// home directory).
final class PeerDesktop {
    let root: String
    private(set) var xvfb: ChildProcess?
    private(set) var bus: ChildProcess?
    private(set) var busAddress: String?
    private(set) var peers: [(name: String, process: ChildProcess)] = []
    private let display = ":\(Int.random(in: 80...99))"

    init(root: String) {
        self.root = root
        mkdir(root, 0o700)
        for name in ["home", "runtime", "output"] { mkdir(root + "/" + name, 0o700) }
    }

    /// The peers that can run here: their program is installed.
    static let candidates: [(name: String, executable: String)] = [
        ("Workrave", "/usr/bin/workrave"), ("Safe Eyes", "/usr/bin/safeeyes"),
    ]

    static func installed(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// Starts the display and the bus; returns the bus address, or `nil` when `Xvfb` or `dbus-daemon` is missing.
    func startDesktop() throws -> String? {
        guard Self.installed("/usr/bin/Xvfb"), Self.installed("/usr/bin/dbus-daemon") else { return nil }
        xvfb = try ChildProcess(
            "/usr/bin/Xvfb", [display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            environment: ["PATH": "/usr/bin:/bin"], outputDirectory: root + "/output")
        let address = "unix:path=\(root)/runtime/bus"
        bus = try ChildProcess(
            "/usr/bin/dbus-daemon", ["--session", "--nofork", "--nopidfile", "--address=\(address)"],
            environment: ["PATH": "/usr/bin:/bin"], outputDirectory: root + "/output")
        // Both need a moment to listen.
        for _ in 0..<100
        where access("/tmp/.X11-unix/X\(display.dropFirst())", F_OK) != 0
            || access(root + "/runtime/bus", F_OK) != 0
        {
            Measure.sleep(seconds: 0.05)
        }
        busAddress = address
        return address
    }

    /// Starts every installed peer on the display and bus.
    func startPeers() throws {
        guard let busAddress else { return }
        let environment = [
            "DISPLAY": display,
            "DBUS_SESSION_BUS_ADDRESS": busAddress,
            "HOME": root + "/home",
            "XDG_RUNTIME_DIR": root + "/runtime",
            "XDG_CONFIG_HOME": root + "/home/.config",
            "XDG_DATA_HOME": root + "/home/.local/share",
            "XDG_CACHE_HOME": root + "/home/.cache",
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "NO_AT_BRIDGE": "1",
        ]
        for candidate in Self.candidates where Self.installed(candidate.executable) {
            let process = try ChildProcess(
                candidate.executable, [], environment: environment, outputDirectory: root + "/output")
            peers.append((candidate.name, process))
        }
    }

    /// Stops the peers, the bus and the display.
    func stop() {
        for (_, process) in peers {
            for pid in ProcessProbe.tree(process.pid).reversed() { kill(pid, SIGTERM) }
        }
        for (_, process) in peers where process.wait(timeoutMilliseconds: 5_000) == nil {
            for pid in ProcessProbe.tree(process.pid) { kill(pid, SIGKILL) }
            process.wait()
        }
        peers = []
        for process in [bus, xvfb].compactMap({ $0 }) {
            process.signal(SIGTERM)
            if process.wait(timeoutMilliseconds: 5_000) == nil {
                process.signal(SIGKILL)
                process.wait()
            }
        }
        bus = nil
        xvfb = nil
    }
}
