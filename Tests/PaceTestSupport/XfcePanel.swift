import FoundationEssentials
import Glibc

/// A real tray host: Xfce's panel (`xfce4-panel`, whose Status Tray plugin is a StatusNotifierWatcher and host)
/// with its settings daemon `xfconfd`, on a test display and session bus, started and stopped by pid.
///
/// Its configuration is one panel along the top of the screen holding only the Status Tray.
package final class XfcePanel: @unchecked Sendable {
    package static let panel = "/usr/bin/xfce4-panel"
    package static let settingsDaemon = "/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd"

    /// Whether this machine has the panel, its settings daemon, Xvfb and GDK for the screenshot.
    package static let isAvailable: Bool = {
        guard [panel, settingsDaemon, "/usr/bin/Xvfb"].allSatisfy({ FileManager.default.isExecutableFile(atPath: $0) })
        else { return false }
        let probe = try? Executables.run(
            "/usr/bin/python3", ["-c", "import gi; gi.require_version('Gdk', '3.0'); from gi.repository import Gdk"],
            environment: TestEnvironment.minimal)
        return probe?.status == 0
    }()

    /// The panel's height in pixels.
    package static let height = 40

    package let display: VirtualDisplay
    private let settings: ChildProcess
    private let process: ChildProcess
    private let environment: [String: String]
    private let directory: String

    package init(on bus: PrivateBus, in directory: String) throws {
        self.directory = directory
        display = try VirtualDisplay(in: directory)
        let home = directory + "/xfce-home"
        let channels = home + "/.config/xfce4/xfconf/xfce-perchannel-xml"
        try FileManager.default.createDirectory(atPath: channels, withIntermediateDirectories: true)
        try Data(Self.configuration.utf8).write(to: URL(filePath: channels + "/xfce4-panel.xml"))
        var environment = TestEnvironment.minimal
        environment["HOME"] = home
        environment["XDG_CONFIG_HOME"] = home + "/.config"
        environment["XDG_CACHE_HOME"] = home + "/.cache"
        environment["DISPLAY"] = display.display
        environment["DBUS_SESSION_BUS_ADDRESS"] = bus.address
        self.environment = environment
        // The test bus activates nothing: the settings daemon the panel asks is started here.
        settings = try ChildProcess(Self.settingsDaemon, [], environment: environment, outputDirectory: directory)
        process = try ChildProcess(Self.panel, [], environment: environment, outputDirectory: directory)
    }

    deinit {
        for child in [process, settings] {
            child.signal(SIGTERM)
            if child.wait(timeoutMilliseconds: 5000) == nil {
                child.signal(SIGKILL)
                child.wait()
            }
        }
    }

    /// What the panel logged.
    package var standardError: String { process.standardError }

    /// The panel strip now: saved as PNG at `path`, and how many of its pixels have each ring colour.
    package func screenshot(to path: String) throws -> [String: Int] {
        let result = try Executables.run(
            "/usr/bin/python3",
            [TestEnvironment.scripts + "/screenshot.py", "--out", path, "--height", "\(Self.height)"],
            environment: environment)
        guard result.status == 0 else { throw TestFailure("screenshot failed: \(result.standardError)") }
        struct Reply: Decodable { var counts: [String: Int] }
        return try JSONDecoder().decode(Reply.self, from: Data(result.standardOutput.utf8)).counts
    }

    private static let configuration = """
        <?xml version="1.0" encoding="UTF-8"?>
        <channel name="xfce4-panel" version="1.0">
          <property name="configver" type="int" value="2"/>
          <property name="panels" type="array">
            <value type="int" value="1"/>
            <property name="panel-1" type="empty">
              <property name="position" type="string" value="p=6;x=0;y=0"/>
              <property name="length" type="uint" value="100"/>
              <property name="position-locked" type="bool" value="true"/>
              <property name="size" type="uint" value="\(height)"/>
              <property name="plugin-ids" type="array">
                <value type="int" value="1"/>
              </property>
            </property>
          </property>
          <property name="plugins" type="empty">
            <property name="plugin-1" type="string" value="systray"/>
          </property>
        </channel>
        """
}
