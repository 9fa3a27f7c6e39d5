import Foundation
import Glibc
import PaceCore
import PaceLog
import PaceProtocol
import PaceSystem
import PaceTestSupport
import Testing

/// Issue 18: two real paceds with separate state directories and one shared folder keep one record. Each writes
/// only its own `devices/<id>/` folder and merges the other's; the files a sync tool delivers (temporary name then
/// rename, in pieces, conflict copies) count once. The real-Syncthing test is in the syncthing suite.
@Suite(.serialized) struct SyncFolderTests {
    /// A daemon syncing through `folder` as `name`, its clock on `clock`'s offset (one "now" for both daemons).
    static func daemon(folder: String, name: String, clockOffset: Int64? = nil) throws -> DaemonProcess {
        let daemon = try DaemonProcess(clockAtUTCHour: 12)
        if let clockOffset { try daemon.clock?.set(offsetMilliseconds: clockOffset) }
        try PrivateDirectory.prepare(daemon.root.appending("config/pace"), createParents: true)
        let config = """
            [reminders]
            morning_checkin = "off"
            evening_checkin = "off"

            [sync]
            folder = "\(folder)"
            name = "\(name)"

            """
        try Data(config.utf8).write(to: URL(filePath: daemon.root.appending("config/pace/config.toml")))
        return daemon
    }

    /// The ids of every event the daemon's record holds.
    static func ids(_ daemon: DaemonProcess) throws -> Set<String> {
        let events = try PaceClient(socketPath: daemon.socketPath).call(PaceAPI.GetEvents.self, .init()).events
        let objects = try JSONSerialization.jsonObject(with: JSONEncoder().encode(events)) as? [[String: Any]] ?? []
        return Set(objects.compactMap { $0["id"] as? String })
    }

    static func sync(_ daemon: DaemonProcess) throws -> PaceAPI.SyncHealth? {
        try PaceClient(socketPath: daemon.socketPath).call(PaceAPI.GetHealth.self, NoParameters()).health.sync
    }

    /// What GetHistory (the last week) and ExplainBudget answer, as JSON: equal on two devices once their files are.
    static func answers(_ daemon: DaemonProcess) throws -> String {
        let client = try PaceClient(socketPath: daemon.socketPath)
        let now = TestClock.machineMilliseconds() + (daemon.clock?.offsetMilliseconds ?? 0)
        let today = CivilDate(daysSinceEpoch: now / 86_400_000)
        let from = CivilDate(daysSinceEpoch: today.daysSinceEpoch - 7)
        let history = try client.call(PaceAPI.GetHistory.self, .init(from: from.description, to: today.description))
        let explanation = try client.call(PaceAPI.ExplainBudget.self, NoParameters())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(history), as: UTF8.self) + "\n"
            + String(decoding: try encoder.encode(explanation), as: UTF8.self)
    }

    @Test func twoDaemonsWithOneFolderHoldOneRecord() throws {
        let shared = TemporaryDirectory(prefix: "pace-sync")
        defer { shared.remove() }
        let laptop = try Self.daemon(folder: shared.path, name: "laptop")
        let desktop = try Self.daemon(
            folder: shared.path, name: "desktop", clockOffset: laptop.clock?.offsetMilliseconds)
        try laptop.start()
        try desktop.start()
        defer {
            laptop.stop()
            desktop.stop()
        }
        // Events on both: bouts, check-ins, and a correction of the other device's event.
        #expect(try laptop.pace("log", "walk", "30m", "--at", "09:00").status == 0)
        #expect(try laptop.pace("checkin", "--energy", "4").status == 0)
        #expect(try desktop.pace("log", "yoga", "20m", "--at", "10:00").status == 0)
        #expect(try desktop.pace("checkin", "--pain", "6").status == 0)
        #expect(waitUntil { (try? Self.ids(laptop).count) == 4 && (try? Self.ids(desktop).count) == 4 })
        #expect(try Self.ids(laptop) == Self.ids(desktop))
        #expect(try Self.answers(laptop) == Self.answers(desktop))

        // Each device folder holds its own events only.
        let laptopID = try #require(try Self.sync(laptop)?.device)
        let desktopID = try #require(try Self.sync(desktop)?.device)
        #expect(laptopID != desktopID)
        let devices = try #require(try Self.sync(laptop)?.devices)
        #expect(devices.map(\.name) == ["laptop", "desktop"])
        #expect(devices.map(\.events) == [2, 2])
        #expect(try Self.sync(laptop)?.problems == [])

        // `pace undo` on the laptop takes back the laptop's latest (the check-in), not the desktop's later ones.
        let undo = try laptop.pace("undo", "--json")
        #expect(undo.status == 0, "\(undo)")
        #expect(undo.standardOutput.contains("checkIn"), "\(undo)")
        #expect(!undo.standardOutput.contains("pain"), "\(undo)")
        #expect(waitUntil { (try? Self.ids(desktop).count) == 5 })
        #expect(try Self.answers(laptop) == Self.answers(desktop))

        // The laptop's folder deleted: written again from its log (its two events and the retraction).
        let laptopFolder = shared.appending("devices/\(laptopID)")
        // (paced may write the folder again while rm empties it: rm is repeated until the folder went once.)
        #expect(waitUntil { Subprocess.run("/bin/rm", ["-rf", laptopFolder])?.status == 0 })
        #expect(
            waitUntil {
                (try? Self.sync(laptop)?.devices.first?.events) == 3 && Syscall.exists(laptopFolder + "/device")
            })
        let afterDeletion = try Self.sync(laptop)?.problems ?? []
        #expect(afterDeletion == [], "\(afterDeletion)")
        #expect(try Self.ids(desktop) == Self.ids(laptop))

        // `pace devices` lists both, this one first.
        let listed = try desktop.pace("devices")
        #expect(listed.status == 0, "\(listed)")
        #expect(listed.standardOutput.contains("desktop"), "\(listed)")
        #expect(listed.standardOutput.contains("laptop"), "\(listed)")
    }

    /// A third device's folder, delivered as Syncthing delivers: a temporary name written in pieces, then a rename;
    /// a file that grows; a torn tail completed by the next delivery; a conflict copy of the same records. Every
    /// event counts once.
    @Test func filesDeliveredTheWaySyncToolsDoCountOnce() throws {
        let shared = TemporaryDirectory(prefix: "pace-sync")
        defer { shared.remove() }
        let daemon = try Self.daemon(folder: shared.path, name: "laptop")
        try daemon.start()
        defer { daemon.stop() }
        let own = try Self.ids(daemon).count

        // The phone's segment, made by the log's own writer in a staging folder.
        let staging = TemporaryDirectory(prefix: "pace-phone")
        defer { staging.remove() }
        let now = TestClock.machineMilliseconds() + (daemon.clock?.offsetMilliseconds ?? 0)
        let phone = DeviceID.random()
        func checkIn(_ minutesAgo: Int64, energy: Int) -> [UInt8] {
            let at = now - minutesAgo * 60_000
            let id = EventID.make(at: Instant(millisecondsSinceEpoch: at), sequence: 0)
            return Array(
                #"{"at":\#(at),"energy":\#(energy),"id":"\#(id)","type":"checkIn","utcOffsetSeconds":0}"#.utf8)
        }
        let (log, _) = try EventLog.open(directory: staging.path)
        _ = try log.append([checkIn(50, energy: 3), checkIn(40, energy: 4)], at: Instant(millisecondsSinceEpoch: now))
        let name = try #require(try Syscall.directoryEntries(staging.path).first { $0.hasSuffix(".log") })
        let first = try Array(Data(contentsOf: URL(filePath: staging.appending(name))))

        let folder = shared.appending("devices/\(phone)")
        mkdir(folder, 0o755)
        // Temporary name, in two pieces, then the rename.
        let temporary = folder + "/.syncthing.\(name).tmp"
        try Data(first.prefix(40)).write(to: URL(filePath: temporary))
        let handle = try FileHandle(forWritingTo: URL(filePath: temporary))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(first.dropFirst(40)))
        try handle.close()
        #expect(rename(temporary, folder + "/" + name) == 0)
        #expect(waitUntil { (try? Self.ids(daemon).count) == own + 2 })

        // The file grows: the new version arrives whole under a temporary name, torn (half its last record).
        _ = try log.append([checkIn(30, energy: 5)], at: Instant(millisecondsSinceEpoch: now))
        let grown = try Array(Data(contentsOf: URL(filePath: staging.appending(name))))
        try Data(grown.dropLast(10)).write(to: URL(filePath: temporary))
        #expect(rename(temporary, folder + "/" + name) == 0)
        // The rest of the record lands in place.
        let tail = try FileHandle(forWritingTo: URL(filePath: folder + "/" + name))
        try tail.seekToEnd()
        try tail.write(contentsOf: Data(grown.suffix(10)))
        try tail.close()
        #expect(waitUntil { (try? Self.ids(daemon).count) == own + 3 })

        // A conflict copy of the same records, and temporary names of every kind: nothing more.
        try Data(grown).write(
            to: URL(filePath: folder + "/" + name.dropLast(4) + ".sync-conflict-20261207-101010-ABCDEFG.log"))
        try Data([1, 2, 3]).write(to: URL(filePath: folder + "/~syncthing~\(name).tmp"))
        try Data(grown).write(to: URL(filePath: folder + "/\(name).tmp"))
        // A change that makes paced read the folder again, and a fourth event to know it has.
        _ = try log.append([checkIn(20, energy: 6)], at: Instant(millisecondsSinceEpoch: now))
        try Data(try Array(Data(contentsOf: URL(filePath: staging.appending(name))))).write(
            to: URL(filePath: temporary))
        #expect(rename(temporary, folder + "/" + name) == 0)
        #expect(waitUntil { (try? Self.ids(daemon).count) == own + 4 })
        #expect(try Self.ids(daemon).count == own + 4)
        #expect(try Self.sync(daemon)?.problems == [])
    }

    /// Another device's segment written by the log's own writer in a staging folder, delivered to the shared
    /// folder the way a sync tool does (a temporary name, then the rename).
    struct Phone {
        let id = DeviceID.random()
        let staging = TemporaryDirectory(prefix: "pace-phone")
        let log: EventLog
        let now: Int64
        let folder: String

        init(shared: TemporaryDirectory, daemon: DaemonProcess) throws {
            now = TestClock.machineMilliseconds() + (daemon.clock?.offsetMilliseconds ?? 0)
            log = try EventLog.open(directory: staging.path).0
            folder = shared.appending("devices/\(id)")
            mkdir(folder, 0o755)
        }

        /// Appends check-ins `minutesAgo`, each its own id.
        func checkIns(_ minutesAgo: Int64...) throws {
            _ = try log.append(
                minutesAgo.map { minutes in
                    let at = now - minutes * 60_000
                    let id = EventID.make(at: Instant(millisecondsSinceEpoch: at), sequence: 0)
                    return Array(#"{"at":\#(at),"energy":3,"id":"\#(id)","type":"checkIn","utcOffsetSeconds":0}"#.utf8)
                }, at: Instant(millisecondsSinceEpoch: now))
        }

        /// The segment as the staging log holds it now.
        func segment() throws -> (name: String, bytes: Data) {
            let name = try #require(try Syscall.directoryEntries(staging.path).first { $0.hasSuffix(".log") })
            return (name, try Data(contentsOf: URL(filePath: staging.appending(name))))
        }

        /// Puts `bytes` in the shared folder as `name`.
        func deliver(_ segment: (name: String, bytes: Data)) throws {
            let temporary = folder + "/.syncthing.\(segment.name).tmp"
            try segment.bytes.write(to: URL(filePath: temporary))
            #expect(rename(temporary, folder + "/" + segment.name) == 0)
        }
    }

    /// A restart reads only what was added to the folders since the last run (the cursors in the state
    /// directory); a folder restored from an old backup meanwhile is read again whole and counts once; this
    /// device's folder deleted meanwhile is written again from the whole log.
    @Test func aRestartReadsOnlyWhatIsNew() throws {
        let shared = TemporaryDirectory(prefix: "pace-sync")
        defer { shared.remove() }
        let daemon = try Self.daemon(folder: shared.path, name: "laptop")
        try daemon.start()
        defer { daemon.stop() }
        #expect(try daemon.pace("log", "walk", "30m", "--at", "09:00").status == 0)
        let own = try Self.ids(daemon).count
        let phone = try Phone(shared: shared, daemon: daemon)
        defer { phone.staging.remove() }
        try phone.checkIns(50, 40)
        let backup = try phone.segment()
        try phone.deliver(backup)
        #expect(waitUntil { (try? Self.ids(daemon).count) == own + 2 })
        let first = try #require(try Self.sync(daemon)?.start)
        #expect(first.resumed == false && first.wholeLog)

        // Stopped; the phone's segment grows by one event: only it is read.
        daemon.stop()
        try phone.checkIns(30)
        try phone.deliver(try phone.segment())
        try daemon.start()
        #expect(waitUntil { (try? Self.sync(daemon))??.start != nil })
        #expect(try Self.sync(daemon)?.start == PaceAPI.SyncStart(resumed: true, records: 1, wholeLog: false))
        #expect(try Self.ids(daemon).count == own + 3)

        // Stopped; the phone's folder restored from an old backup (its first two events): read again whole,
        // nothing lost, nothing counted twice.
        daemon.stop()
        try phone.deliver(backup)
        try daemon.start()
        #expect(waitUntil { (try? Self.sync(daemon))??.start != nil })
        #expect(try Self.sync(daemon)?.start == PaceAPI.SyncStart(resumed: true, records: 2, wholeLog: true))
        #expect(try Self.ids(daemon).count == own + 3)

        // Stopped; this device's folder deleted: the cursors do not fit, its copy is written again whole.
        let sync = try #require(try Self.sync(daemon))
        let ownEvents = try #require(sync.devices.first { $0.this }?.events)
        #expect(ownEvents >= 1)
        daemon.stop()
        let ownFolder = shared.appending("devices/\(sync.device)")
        for name in try Syscall.directoryEntries(ownFolder) { unlink(ownFolder + "/" + name) }
        try daemon.start()
        #expect(waitUntil { (try? Self.sync(daemon))??.start != nil })
        #expect(try Self.sync(daemon)?.start?.resumed == false)
        #expect(
            try Syscall.directoryEntries(ownFolder).contains { DeviceFolderReader.isEventFile($0) })
        var reader = DeviceFolderReader(directory: ownFolder)
        #expect(reader.read().records.count == ownEvents)
        #expect(try Self.ids(daemon).count == own + 3)
        #expect(try Self.sync(daemon)?.problems == [])
    }

    /// Every event id in `daemon`'s log, as many times as the log holds it (`paced --dump-log`).
    static func loggedIDs(_ daemon: DaemonProcess) throws -> [String] {
        struct Logged: Decodable { var id: String? }
        let result = try Executables.run("paced", ["--dump-log"], environment: daemon.environment)
        guard result.status == 0 else { throw TestFailure("paced --dump-log: \(result.standardError)") }
        return try result.standardOutput.split(separator: "\n").compactMap {
            try JSONDecoder().decode(Logged.self, from: Data($0.utf8)).id
        }
    }

    /// A sync tool may take a file away before it renames the new version into its place (Syncthing does; killed in
    /// between, it leaves the file away until it runs again). A start from the cursors that finds the phone's
    /// segment away, and the segment back afterwards with one event more, appends only that event to the log:
    /// the segment is read on from where it was read, not from its start (which counted its first three events a
    /// second time: a start from the cursors knows only the ids recorded since).
    @Test func aFileAwayAtAStartCountsOnceWhenItComesBack() throws {
        let shared = TemporaryDirectory(prefix: "pace-sync")
        defer { shared.remove() }
        let daemon = try Self.daemon(folder: shared.path, name: "laptop")
        try daemon.start()
        defer { daemon.stop() }
        #expect(try daemon.pace("log", "walk", "30m", "--at", "09:00").status == 0)
        let phone = try Phone(shared: shared, daemon: daemon)
        defer { phone.staging.remove() }
        try phone.checkIns(50, 40, 30)
        try phone.deliver(try phone.segment())
        #expect(waitUntil { (try? Self.ids(daemon).count) == 4 })

        // Stopped; the phone's segment taken away, as the sync tool does before its rename; started from the
        // cursors while it is away.
        daemon.stop()
        let name = try phone.segment().name
        #expect(unlink(phone.folder + "/" + name) == 0)
        try daemon.start()
        #expect(waitUntil { (try? Self.sync(daemon))??.start != nil })
        #expect(try Self.sync(daemon)?.start?.resumed == true)

        // The new version, one event more, renamed into place.
        try phone.checkIns(20)
        try phone.deliver(try phone.segment())
        #expect(waitUntil { (try? Self.ids(daemon).count) == 5 })
        let logged = try Self.loggedIDs(daemon)
        #expect(logged.count == 5)
        #expect(Set(logged).count == logged.count)
        #expect(try Self.sync(daemon)?.problems == [])
    }

    /// Another device's file restored from an older, shorter copy while paced runs, paced restarted, and then the
    /// file grown again with the events the old copy lacked: they are in the record already (merged before the
    /// restore), before the saved cursors' position in the log, and count once.
    @Test func eventsMergedBeforeAnOlderCopyCameBackCountOnceAfterARestart() throws {
        let shared = TemporaryDirectory(prefix: "pace-sync")
        defer { shared.remove() }
        let daemon = try Self.daemon(folder: shared.path, name: "laptop")
        try daemon.start()
        defer { daemon.stop() }
        #expect(try daemon.pace("log", "walk", "30m", "--at", "09:00").status == 0)
        let phone = try Phone(shared: shared, daemon: daemon)
        defer { phone.staging.remove() }
        try phone.checkIns(50)
        let older = try phone.segment()
        try phone.checkIns(40, 30)
        let whole = try phone.segment()
        try phone.deliver(whole)
        #expect(waitUntil { (try? Self.ids(daemon).count) == 4 })

        // The older copy put back (a restore) and read; the cursors saved at its end with the next change.
        try phone.deliver(older)
        #expect(try daemon.pace("log", "walk", "10m", "--at", "11:00").status == 0)
        let cursors = daemon.stateDirectory + "/sync-cursors"
        #expect(
            waitUntil {
                (try? String(contentsOfFile: cursors, encoding: .utf8))?.contains("\"offset\":\(older.bytes.count)")
                    == true
            })
        daemon.stop()
        try daemon.start()
        #expect(waitUntil { (try? Self.sync(daemon))??.start != nil })

        // The phone's sync tool brings the whole file back.
        try phone.deliver(whole)
        #expect(waitUntil { (try? Self.sync(daemon))??.start?.wholeLog == true })
        let logged = try Self.loggedIDs(daemon)
        #expect(logged.count == 5)
        #expect(Set(logged).count == logged.count)
        #expect(try Self.ids(daemon).count == 5)
    }

    /// A damaged cursor file makes the start read everything, as a first start does, and is written again.
    @Test func aDamagedCursorFileFallsBackToAFullRead() throws {
        let shared = TemporaryDirectory(prefix: "pace-sync")
        defer { shared.remove() }
        let daemon = try Self.daemon(folder: shared.path, name: "laptop")
        try daemon.start()
        defer { daemon.stop() }
        let own = try Self.ids(daemon).count
        let phone = try Phone(shared: shared, daemon: daemon)
        defer { phone.staging.remove() }
        try phone.checkIns(50, 40)
        try phone.deliver(try phone.segment())
        #expect(waitUntil { (try? Self.ids(daemon).count) == own + 2 })

        daemon.stop()
        let cursors = daemon.stateDirectory + "/sync-cursors"
        #expect(Syscall.exists(cursors))
        try Data(#"{"format":1,"device":"#.utf8).write(to: URL(filePath: cursors))
        try daemon.start()
        #expect(waitUntil { (try? Self.sync(daemon))??.start != nil })
        #expect(try Self.sync(daemon)?.start == PaceAPI.SyncStart(resumed: false, records: 2, wholeLog: true))
        #expect(try Self.ids(daemon).count == own + 2)
        #expect(try Self.sync(daemon)?.problems == [])

        // Written again: the next start goes on from it.
        daemon.stop()
        try daemon.start()
        #expect(waitUntil { (try? Self.sync(daemon))??.start != nil })
        #expect(try Self.sync(daemon)?.start == PaceAPI.SyncStart(resumed: true, records: 0, wholeLog: false))
        #expect(try Self.ids(daemon).count == own + 2)
    }

    /// A start whose cursors fit and that finds nothing new writes nothing: neither `sync-cursors` nor this
    /// device's `device` file is replaced (so a restart gives no sync tool anything to carry), and this device's
    /// copy, not opened at such a start, still takes the next event recorded.
    @Test func aStartWithNothingNewWritesNothing() throws {
        let shared = TemporaryDirectory(prefix: "pace-sync")
        defer { shared.remove() }
        let daemon = try Self.daemon(folder: shared.path, name: "laptop")
        try daemon.start()
        defer { daemon.stop() }
        #expect(try daemon.pace("log", "walk", "30m", "--at", "09:00").status == 0)
        let phone = try Phone(shared: shared, daemon: daemon)
        defer { phone.staging.remove() }
        let own = try Self.ids(daemon).count
        try phone.checkIns(50)
        try phone.deliver(try phone.segment())
        #expect(waitUntil { (try? Self.ids(daemon).count) == own + 1 })
        let device = try #require(try Self.sync(daemon)?.device)
        let ownFolder = shared.appending("devices/\(device)")
        func copied() -> Int {
            var reader = DeviceFolderReader(directory: ownFolder)
            return reader.read().records.count
        }
        #expect(waitUntil { copied() == own })
        let cursors = daemon.stateDirectory + "/sync-cursors"
        let manifest = ownFolder + "/device"
        /// Which file the path names: a file written again (temporary file, then rename) is another one.
        func inode(_ path: String) -> UInt64? {
            var status = stat()
            return stat(path, &status) == 0 ? UInt64(status.st_ino) : nil
        }
        // Saved after the merge and the copy (at the end of their turn of the loop).
        #expect(waitUntil { (try? Self.sync(daemon))??.devices.first { $0.this }?.events == own })
        daemon.stop()
        let before = (try #require(inode(cursors)), try #require(inode(manifest)))

        try daemon.start()
        #expect(waitUntil { (try? Self.sync(daemon))??.start != nil })
        #expect(try Self.sync(daemon)?.start == PaceAPI.SyncStart(resumed: true, records: 0, wholeLog: false))
        #expect(inode(cursors) == before.0)
        #expect(inode(manifest) == before.1)
        #expect(try Self.ids(daemon).count == own + 1)

        // The next event recorded here is copied, and the cursors and the device file follow it.
        #expect(try daemon.pace("log", "walk", "20m", "--at", "10:00").status == 0)
        #expect(waitUntil { copied() == own + 1 })
        #expect(waitUntil { inode(cursors) != before.0 && inode(manifest) != before.1 })
        #expect(try Self.sync(daemon)?.devices.first { $0.this }?.events == own + 1)
        #expect(try Self.sync(daemon)?.problems == [])
    }

    /// Bad input in the folder is skipped with a line in `pace doctor`; the local record is never harmed.
    @Test func badFoldersAreSkippedAndReported() throws {
        let shared = TemporaryDirectory(prefix: "pace-sync")
        defer { shared.remove() }
        let daemon = try Self.daemon(folder: shared.path, name: "laptop")
        try daemon.start()
        defer { daemon.stop() }
        #expect(try daemon.pace("checkin", "--energy", "4").status == 0)
        let before = try Self.ids(daemon)

        // Garbage where a segment should be, a folder that says it is another device's, one whose log relays another
        // device's events, and a folder name that is no device id.
        let garbage = shared.appending("devices/\(DeviceID.random())")
        mkdir(garbage, 0o700)
        try Data((0..<200).map { UInt8($0) }).write(to: URL(filePath: garbage + "/2026-12.log"))
        let impostor = shared.appending("devices/\(DeviceID.random())")
        mkdir(impostor, 0o700)
        try Data(
            #"{"format":1,"id":"\#(DeviceID.random())","name":"x","updatedAt":0,"events":0,"merged":{},"fold":{}}"#.utf8
        )
        .write(to: URL(filePath: impostor + "/device"))
        mkdir(shared.appending("devices/not-a-device"), 0o700)
        let relay = shared.appending("devices/\(DeviceID.random())")
        let (log, _) = try EventLog.open(directory: relay)
        let at = TestClock.machineMilliseconds() + (daemon.clock?.offsetMilliseconds ?? 0) - 60_000
        let id = EventID.make(at: Instant(millisecondsSinceEpoch: at), sequence: 0)
        _ = try log.append(
            [
                Array(
                    #"{"at":\#(at),"device":"\#(DeviceID.random())","energy":2,"id":"\#(id)","type":"checkIn","utcOffsetSeconds":0}"#
                        .utf8)
            ],
            at: Instant(millisecondsSinceEpoch: at))
        #expect(
            waitUntil {
                let problems = (try? Self.sync(daemon)?.problems) ?? []
                return problems.contains { $0.contains("received from another") }
                    && problems.contains { $0.contains("says it is the folder of device") }
                    && problems.contains { $0.contains("not a device folder") }
                    && problems.contains { $0.contains("damage") || $0.contains("header") }
            }, "\(String(describing: try? Self.sync(daemon)?.problems))")
        #expect(try Self.ids(daemon) == before)
        let doctor = try daemon.pace("doctor")
        #expect(doctor.standardOutput.contains("received from another"), "\(doctor)")
    }

    /// A cloned state directory: two daemons with one device id. The first to find events it never wrote in its
    /// folder takes a new id and reads the old folder as another device's: nothing lost, nothing counted twice.
    @Test func aClonedStateDirectoryTakesANewDeviceID() throws {
        let shared = TemporaryDirectory(prefix: "pace-sync")
        defer { shared.remove() }
        let original = try Self.daemon(folder: shared.path, name: "original")
        try original.start()
        #expect(try original.pace("checkin", "--energy", "4").status == 0)
        let firstID = try #require(try Self.sync(original)?.device)
        original.stop()

        let clone = try Self.daemon(folder: shared.path, name: "clone")
        try PrivateDirectory.prepare(clone.root.appending("state"), createParents: true)
        #expect(
            Subprocess.run("/bin/cp", ["-a", original.stateDirectory, clone.root.appending("state") + "/"])?.status == 0
        )
        try clone.start()
        #expect(try Self.sync(clone)?.device == firstID)
        #expect(try clone.pace("checkin", "--energy", "7").status == 0)
        #expect(waitUntil { (try? Self.sync(clone)?.devices.first?.events) == 2 })
        clone.stop()

        try original.start()
        defer { original.stop() }
        let sync = try #require(try Self.sync(original))
        #expect(sync.device != firstID)
        #expect(sync.problems.contains { $0.contains("never recorded") }, "\(sync.problems)")
        #expect(try Self.ids(original).count == 2)
    }

    /// `pace sync enable` writes `[sync]` into config.toml (keeping what is there) and the drop-in that lets the
    /// sandboxed unit write the folder; `pace sync disable` takes both away and leaves the folder.
    @Test func enableAndDisableWriteTheConfigAndTheDropIn() throws {
        // No systemctl on the PATH: nothing to reload here.
        let daemon = try DaemonProcess(extraEnvironment: ["PATH": "/nonexistent"])
        let config = daemon.root.appending("config/pace/config.toml")
        try PrivateDirectory.prepare(daemon.root.appending("config/pace"), createParents: true)
        try Data("[day]\nstart_hour = 5\n\n[sync]\nname = \"old\"\n".utf8).write(to: URL(filePath: config))
        let folder = daemon.root.appending("home/Sync pace")
        let enable = try daemon.pace("sync", "enable", folder, "--name", "laptop \"one\"")
        #expect(enable.status == 0, "\(enable)")
        #expect(Syscall.exists(folder))
        let text = try String(contentsOfFile: config, encoding: .utf8)
        #expect(
            text == "[day]\nstart_hour = 5\n\n[sync]\nfolder = \"\(folder)\"\nname = \"laptop \\\"one\\\"\"\n",
            "\(text)")
        let dropIn = try String(
            contentsOfFile: daemon.root.appending("config/systemd/user/paced.service.d/sync.conf"), encoding: .utf8)
        #expect(dropIn.contains("ReadWritePaths=\"-\(folder)\""), "\(dropIn)")
        #expect(enable.standardOutput.contains("Restart paced"), "\(enable)")
        // paced reads what was written.
        let check = try Executables.run(
            "paced", ["--check-config"], environment: daemon.environment)
        #expect(check.status == 0, "\(check)")

        let disable = try daemon.pace("sync", "disable")
        #expect(disable.status == 0, "\(disable)")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "[day]\nstart_hour = 5\n\n[sync]\n")
        #expect(!Syscall.exists(daemon.root.appending("config/systemd/user/paced.service.d/sync.conf")))
        #expect(Syscall.exists(folder))
    }

    /// A sync folder on a read-only file system: every command is recorded as before, the folder's problem is one
    /// line in `pace doctor`; once it is writable, the copy of this device's events is completed from the log.
    @Test(.enabled(if: getuid() == 0, "mounts a tmpfs: needs root"))
    func aReadOnlyFolderHarmsNothingAndIsCompletedLater() throws {
        let parent = TemporaryDirectory(prefix: "pace-mount")
        defer { parent.remove() }
        let folder = parent.appending("fs")
        mkdir(folder, 0o700)
        guard mount("tmpfs", folder, "tmpfs", UInt(MS_RDONLY), "size=1024k,mode=0700") == 0 else {
            Issue.record("cannot mount a tmpfs: errno \(errno)")
            return
        }
        defer { umount2(folder, Int32(MNT_DETACH)) }
        let daemon = try Self.daemon(folder: folder, name: "laptop")
        try daemon.start()
        defer { daemon.stop() }
        #expect(try daemon.pace("checkin", "--energy", "4").status == 0)
        #expect(try Self.ids(daemon).count == 1)
        #expect((try Self.sync(daemon)?.problems.isEmpty) == false)
        let doctor = try daemon.pace("doctor")
        #expect(doctor.standardOutput.contains("the local record is unharmed"), "\(doctor)")

        #expect(mount("tmpfs", folder, "tmpfs", UInt(MS_REMOUNT), "size=1024k,mode=0700") == 0)
        #expect(try daemon.pace("checkin", "--energy", "5").status == 0)
        let id = try #require(try Self.sync(daemon)?.device)
        #expect(
            waitUntil {
                (try? Self.sync(daemon)?.devices.first?.events) == 2 && Syscall.exists(folder + "/devices/\(id)/device")
            })
    }
}
