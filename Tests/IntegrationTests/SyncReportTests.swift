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
/// same events differently, and a folder whose disk is full.
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

    /// The ids of the events in `directory` (a device's folder), one entry per record: the same id twice would be
    /// an event copied twice.
    static func folderIDs(_ directory: String) -> [String] {
        var reader = DeviceFolderReader(directory: directory)
        return reader.read().records.compactMap { record in
            (try? JSONSerialization.jsonObject(with: Data(record.payload)) as? [String: Any])?["id"] as? String
        }
    }

    /// A sync folder on a full disk: every command is recorded and answered as before; `GetHealth` and
    /// `pace doctor` say the copy is behind because the disk is full; once space is freed (a file deleted elsewhere
    /// on that disk, which no watch sees), the copy catches up by itself, each event exactly once.
    @Test(.enabled(if: getuid() == 0, "mounts a tmpfs: needs root"))
    func aFullFolderLosesNothingAndCatchesUpOnceSpaceIsFreed() throws {
        let parent = TemporaryDirectory(prefix: "pace-mount")
        defer { parent.remove() }
        let folder = parent.appending("fs")
        mkdir(folder, 0o700)
        guard mount("tmpfs", folder, "tmpfs", 0, "size=256k,mode=0700") == 0 else {
            Issue.record("cannot mount a tmpfs: errno \(errno)")
            return
        }
        defer { umount2(folder, Int32(MNT_DETACH)) }
        let daemon = try SyncFolderTests.daemon(folder: folder, name: "laptop")
        try daemon.start()
        defer { daemon.stop() }
        #expect(try daemon.pace("checkin", "--energy", "4").status == 0)
        let id = try #require(try SyncFolderTests.sync(daemon)?.device)
        let ownFolder = folder + "/devices/\(id)"
        #expect(waitUntil { (try? SyncFolderTests.sync(daemon)?.devices.first?.events) == 1 })

        // Every free block taken.
        let filler = try FileDescriptor.open(
            folder + "/filler", .writeOnly, options: [.create], permissions: .ownerReadWrite)
        let block = [UInt8](repeating: 0xAA, count: 4096)
        while (try? filler.writeAll(block)) != nil {}
        try filler.close()

        // Events logged until the copy cannot take them (the segment's last page may hold a few), and two more.
        var logged = 1
        var full = false
        while logged < 60 && !full {
            let result = try daemon.pace("checkin", "--energy", "\(logged % 9 + 1)")
            #expect(result.status == 0, "\(result)")
            logged += 1
            full = (try SyncFolderTests.sync(daemon)?.problems ?? []).contains { $0.contains("could not copy") }
        }
        try #require(full, "the copy never met the full disk: \(String(describing: try? SyncFolderTests.sync(daemon)))")
        for energy in 1...2 {
            let result = try daemon.pace("checkin", "--energy", "\(energy)")
            #expect(result.status == 0 && result.standardError.isEmpty, "\(result)")
            logged += 1
        }
        // The local record has every one; the copy is behind, and says why.
        let ids = try SyncFolderTests.ids(daemon)
        #expect(ids.count == logged)
        let sync = try #require(try SyncFolderTests.sync(daemon))
        #expect(try #require(sync.devices.first?.events) < logged)
        // One line for the condition, with the latest count.
        let copyProblems = sync.problems.filter { $0.contains("could not copy") }
        #expect(copyProblems.count == 1, "\(sync.problems)")
        #expect(
            copyProblems.first?.contains("the disk is full") == true
                && copyProblems.first?.contains("they stay in the local log") == true, "\(sync.problems)")
        let doctor = try daemon.pace("doctor")
        #expect(
            doctor.standardOutput.contains("the disk is full")
                && doctor.standardOutput.contains("the local record is unharmed"), "\(doctor)")

        // Space freed: the copy catches up without another event, each event once.
        try Syscall.unlink(folder + "/filler")
        #expect(
            waitUntil(timeoutMilliseconds: 60_000) {
                (try? SyncFolderTests.sync(daemon)?.devices.first?.events) == logged
                    && (try? SyncFolderTests.sync(daemon)?.problems) == []
            }, "\(String(describing: try? SyncFolderTests.sync(daemon)))")
        let copied = Self.folderIDs(ownFolder)
        #expect(copied.count == logged)
        #expect(Set(copied) == ids)
        #expect(try SyncFolderTests.ids(daemon) == ids)
    }
}
