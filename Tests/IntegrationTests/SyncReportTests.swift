import Foundation
import Glibc
import PaceCore
import PaceLog
import PaceProtocol
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

/// Issue 18: what two paceds sharing a folder report about each other, on real output: settings that count the
/// same events differently.
@Suite(.serialized) struct SyncReportTests {
    /// Appends `extra` to the config file ``SyncFolderTests/daemon(folder:name:clockOffset:)`` wrote.
    static func addConfig(_ daemon: DaemonProcess, _ extra: String) throws {
        let path = daemon.root.appending("config/pace/config.toml")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try Data((text + "\n" + extra).utf8).write(to: URL(filePath: path))
    }

    /// The lines of `pace devices` and `pace doctor` that name settings counting differently.
    static func mismatchLines(_ daemon: DaemonProcess) throws -> (devices: [String], doctor: [String]) {
        let devices = try daemon.pace("devices")
        let doctor = try daemon.pace("doctor")
        func lines(_ text: String) -> [String] {
            text.split(separator: "\n").map(String.init).filter { $0.contains("counts with other settings") }
        }
        return (lines(devices.standardOutput), lines(doctor.standardOutput))
    }

    /// Two devices whose day starts at another hour and whose walking weighs differently: each names what differs,
    /// from its own side; once the settings are the same again, neither says anything.
    @Test func settingsThatCountDifferentlyAreNamedOnBothSidesAndGoWhenTheyAgree() throws {
        let shared = TemporaryDirectory(prefix: "pace-sync")
        defer { shared.remove() }
        let laptop = try SyncFolderTests.daemon(folder: shared.path, name: "laptop")
        try Self.addConfig(
            laptop,
            "[day]\nstart_hour = 5\n\n[kinds]\nwalk = { met = 3.5, label = \"walking\", aliases = [\"walking\"] }\n")
        let desktop = try SyncFolderTests.daemon(
            folder: shared.path, name: "desktop", clockOffset: laptop.clock?.offsetMilliseconds)
        try laptop.start()
        try desktop.start()
        defer {
            laptop.stop()
            desktop.stop()
        }
        let laptopID = try #require(try SyncFolderTests.sync(laptop)?.device)
        let desktopID = try #require(try SyncFolderTests.sync(desktop)?.device)
        // Each reads the other's `device` file (written at start) as it arrives.
        #expect(
            waitUntil {
                (try? SyncFolderTests.sync(desktop)?.devices.last?.settingsDiffer.isEmpty) == false
                    && (try? SyncFolderTests.sync(laptop)?.devices.last?.settingsDiffer.isEmpty) == false
            })

        let onDesktop = try Self.mismatchLines(desktop)
        let fromDesktop =
            "laptop (\(laptopID)) counts with other settings: the day's start hour (05:00 there, 04:00 here); the activity kinds or their weights ([kinds], [activities]); the two show different budgets for the same events"
        // `pace devices` names it once, among the problems.
        #expect(onDesktop.devices == ["  " + fromDesktop], "\(onDesktop)")
        #expect(
            onDesktop.doctor.count == 1
                && onDesktop.doctor[0].contains(fromDesktop), "\(onDesktop)")
        let onLaptop = try Self.mismatchLines(laptop)
        let fromLaptop =
            "desktop (\(desktopID)) counts with other settings: the day's start hour (04:00 there, 05:00 here); the activity kinds or their weights ([kinds], [activities]); the two show different budgets for the same events"
        #expect(onLaptop.devices == ["  " + fromLaptop], "\(onLaptop)")
        #expect(onLaptop.doctor.count == 1 && onLaptop.doctor[0].contains(fromLaptop), "\(onLaptop)")
        // The doctor's sync check warns.
        let doctor = try desktop.pace("doctor")
        #expect(doctor.standardOutput.contains("the local record is unharmed"), "\(doctor)")

        // The laptop's config made the same as the desktop's, reloaded: its `device` file says so, and the line goes.
        try Data(
            String(
                decoding: try Data(contentsOf: URL(filePath: desktop.root.appending("config/pace/config.toml"))),
                as: UTF8.self
            ).replacingOccurrences(of: "name = \"desktop\"", with: "name = \"laptop\"").utf8
        ).write(to: URL(filePath: laptop.root.appending("config/pace/config.toml")))
        laptop.process?.signal(SIGHUP)
        #expect(
            waitUntil(timeoutMilliseconds: 30_000) {
                (try? SyncFolderTests.sync(desktop)?.devices.last?.settingsDiffer) == []
                    && (try? SyncFolderTests.sync(laptop)?.devices.last?.settingsDiffer) == []
            })
        let agreed = try Self.mismatchLines(desktop)
        #expect(agreed.devices.isEmpty && agreed.doctor.isEmpty, "\(agreed)")
        #expect(try Self.mismatchLines(laptop) == ([], []))
        let devices = try desktop.pace("devices")
        #expect(devices.status == 0 && devices.standardOutput.contains("laptop"), "\(devices)")
        let healthy = try desktop.pace("doctor")
        #expect(!healthy.standardOutput.contains("counts with other settings"), "\(healthy)")
        #expect(try SyncFolderTests.sync(desktop)?.problems == [])
    }
}
