import FoundationEssentials
import Glibc
import Logging
import PaceCore
import PaceJSON
import PaceLog
import PaceProtocol
import PaceSystem
import SystemPackage

/// PaceCore's, not SystemPackage's (a file system's device number), wherever PaceDaemon says `DeviceID`.
typealias DeviceID = PaceCore.DeviceID

/// One record across devices through a shared folder (docs/sync.md): keeps a copy of this device's events in
/// `devices/<id>/`, and merges every other device's folder into the local log, following them with inotify.
///
/// The local log stays authoritative. This device's copy is appended after each change is durable locally, and
/// completed from the local log whenever it lacks events (the folder was deleted, restored from an old backup, or
/// could not be written for a while). Another device's events are checked by the one validator (without the clock
/// check: its clock may differ), counted once by id, and appended to the local log with their `device`.
/// Nothing found in the folder is fatal; each problem is one line in the journal and in `pace doctor`.
@DaemonActor
final class SyncFolder {
    /// What is known about one device's folder.
    struct Device {
        var id: DeviceID
        var reader: DeviceFolderReader
        /// Its `device` file, as last read (another device's) or written (this one's).
        var manifest: DeviceManifest?
        /// The latest `at` of the events read from its folder.
        var lastEventAt: Instant?
        /// Events read from its folder (each copy of an id once per file read).
        var events = 0
        /// Whether its folder changed since it was last read.
        var dirty = true
        /// Why its folder is not read, if it is not.
        var refusal: String?
        /// Whether its reader resumed from saved cursors at a start that did not read the whole local log: what it
        /// reads past them is new, but a file read from its start (restored, a conflict copy) needs every id.
        var resumed = false
    }

    /// The shared folder.
    let folder: String
    /// `folder/devices`.
    let devicesDirectory: String
    /// This device's id, and its name.
    private(set) var identity: DeviceIdentity
    fileprivate(set) var name: String
    private let store: EventStore
    private let stateDirectory: String
    private let logger: Logger

    /// This device's copy of its events, `devices/<id>/`: a log of its own (same framing, same checks); `nil` while
    /// it has to be checked and opened (again).
    private var mirror: Mirror?

    /// This device's copy, once known to be complete.
    private enum Mirror {
        /// Exactly as the saved cursors say (a start that resumed from them): opened at the first append, which a
        /// start with nothing new never makes. (Opening reads and checks every record of the copy: ten years of
        /// this device's events, 12 MB, for nothing.)
        case asSaved
        /// Open for appending.
        case open(EventLog)
    }
    /// Reads this device's own folder back, to find what it lacks and what it holds that this device never wrote.
    private var ownReader: DeviceFolderReader
    /// How far the local log was read for the copy.
    private var mirroredUpTo = LogPosition.beginning
    /// This device's own events (no `device`), by id, and every event of the local log.
    private var ownIDs: Set<EventID> = []
    private var knownIDs: Set<EventID> = []
    /// The ids the copy holds (those written or read since the start, after a start from saved cursors).
    private var mirrorIDs: Set<EventID> = []
    /// How many events the copy held at a start from saved cursors, besides `mirrorIDs`.
    private var mirrorBase = 0
    /// Whether `knownIDs` and `ownIDs` hold every id of the local log: after a start from saved cursors, only
    /// those recorded since; the whole log is read the first time something needs them all (``learnWholeLog()``).
    private var complete = false
    private var saveQueued = false
    /// The cursors as last saved or loaded: a save that would write the same leaves the file alone.
    private var savedCursors: SyncCursors?
    /// Own events not yet in the copy, in the order they were recorded.
    private var unmirrored: [Event] = []
    /// The latest `at` of this device's own events.
    private var lastOwnEventAt: Instant?
    /// The latest `at` merged from each other device.
    private var merged: [DeviceID: Instant] = [:]
    private var devices: [DeviceID: Device] = [:]
    /// What is wrong now (pace doctor), one sentence each, in the order found.
    private(set) var problems: [String] = []

    /// Follows `devices/`, this device's folder and every other device's (``DirectoryWatch``).
    private var watch: DirectoryWatch?
    private var scanQueued = false
    private var manifestQueued = false
    fileprivate var growthQueued = false

    /// Most problems kept for `pace doctor`; the journal has every one.
    static let keptProblems = 20

    init(
        folder: String, name: String?, store: EventStore, stateDirectory: String, logger: Logger
    ) {
        self.folder = folder
        self.devicesDirectory = folder + "/devices"
        self.store = store
        self.stateDirectory = stateDirectory
        self.logger = logger
        let (identity, renewed) = DeviceIdentity.load(stateDirectory: stateDirectory)
        self.identity = identity
        self.name = name ?? Self.hostName()
        self.ownReader = DeviceFolderReader(directory: folder + "/devices/" + identity.id.description)
        if let renewed { logger.notice("\(renewed)") }
    }

    /// This device's folder.
    var ownDirectory: String { devicesDirectory + "/" + identity.id.description }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "this device" }
        return String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
    }

    // MARK: - Starting

    /// Completes this device's copy, merges what is new in the other devices' folders, and starts following the
    /// folder: from the cursors saved at the last run (``SyncCursors``) when they fit, reading only what was added
    /// since; else reading the local log and every device folder whole.
    func start() {
        starting = true
        defer { starting = false }
        watchFolder()
        switch SyncCursors.load(stateDirectory: stateDirectory) {
        case .success(let saved):
            savedCursors = saved
            if let unfit = resume(from: saved) {
                logger.notice("sync: the saved cursors do not fit (\(unfit)); everything is read")
                startFromScratch()
            }
        case .failure(let unusable):
            logger.warning("sync: \(unusable.reason); everything is read, and the cursors written again")
            startFromScratch()
        case nil:
            startFromScratch()
        }
        startRead = PaceAPI.SyncStart(resumed: !complete, records: 0, wholeLog: complete)
        scanDevices()
        writeManifest(unlessUnchanged: true)
        saveCursors()
        startRead?.wholeLog = complete
        logger.info(
            "sync: started \(startRead?.resumed == true ? "from the saved cursors" : "reading everything"), \(startRead?.records ?? 0) record(s) of other devices read"
        )
    }

    /// What the start read (``PaceAPI/SyncStart``); `wholeLog` follows later reads of the whole local log.
    private var startRead: PaceAPI.SyncStart?
    private var starting = false

    /// Reads the local log and this device's folder whole.
    private func startFromScratch() {
        ownReader = DeviceFolderReader(directory: ownDirectory)
        devices = [:]
        let known = LogReplay.events(of: store.log)
        mirroredUpTo = store.log.endPosition
        complete = true
        for event in known { learn(event) }
        checkOwnFolder(fromScratch: true, ownEvents: known.filter { $0.header.device == nil })
    }

    /// Takes note of every event of the local log, once.
    private func learnWholeLog() {
        guard !complete else { return }
        complete = true
        startRead?.wholeLog = true
        for event in LogReplay.events(of: store.log) { learn(event) }
    }

    /// Resumes from saved cursors: reads the local log from where they stop, and this device's folder past them.
    /// - Returns: Why they do not fit, if they do not (then nothing was changed).
    private func resume(from saved: SyncCursors) -> String? {
        guard saved.device == identity.id.description else { return "saved for device \(saved.device)" }
        guard saved.folder == folder else { return "saved for the folder \(saved.folder)" }
        guard saved.log <= store.log.endPosition else {
            return "saved at \(saved.log), past the end of the local log (\(store.log.endPosition))"
        }
        var own = DeviceFolderReader(directory: ownDirectory, restoring: saved.own)
        let pass = own.read()
        // This device's folder exactly as saved: anything added, replaced or gone is judged whole.
        guard !pass.reread, pass.records.isEmpty, own.savedCursors == saved.own else {
            return "\(ownDirectory) changed since they were saved"
        }
        ownReader = own
        mirrorBase = saved.mirrorEvents
        lastOwnEventAt = saved.lastOwnEventAt.map(Instant.init(millisecondsSinceEpoch:))
        for (device, at) in saved.merged {
            if let id = DeviceID(parsing: device) { merged[id] = Instant(millisecondsSinceEpoch: at) }
        }
        // What was recorded since: own events are not in the copy yet (it is as saved).
        for event in LogReplay.events(of: store.log, from: saved.log) where learn(event) { unmirrored.append(event) }
        mirroredUpTo = store.log.endPosition
        for (name, device) in saved.devices {
            guard let id = DeviceID(parsing: name), id != identity.id else { continue }
            devices[id] = Device(
                id: id,
                reader: DeviceFolderReader(
                    directory: devicesDirectory + "/" + name, restoring: device.files, keepingCursorsOfGoneFiles: true),
                lastEventAt: device.lastEventAt.map(Instant.init(millisecondsSinceEpoch:)), events: device.events,
                resumed: true)
            watchDevice(id)
        }
        mirror = .asSaved
        watchOwnFolder()
        copyOwnEvents()
        return nil
    }

    // MARK: - The cursors

    /// Saves the cursors at the end of this turn of the loop.
    private func queueSave() {
        guard !saveQueued else { return }
        saveQueued = true
        DaemonActor.later { [weak self] in
            self?.saveQueued = false
            self?.saveCursors()
        }
    }

    /// Saves how far everything was read, if this device's copy is complete (else the last saved cursors stay:
    /// they make the next start read more, never less).
    private func saveCursors() {
        guard mirror != nil, unmirrored.isEmpty else { return }
        // The copy's own appends, read back so that its cursors stand at its end.
        let pass = ownReader.read()
        report(pass.problems)
        var occurrences: [String: EventOccurrences] = [:]
        for record in pass.records {
            guard let event = try? EventCodec.decode(record.payload) else { continue }
            let id = occurrences[record.file, default: EventOccurrences()].id(of: event) {
                EventID.contentHash(record.payload)
            }
            guard !pass.reread, ownIDs.contains(id) else {
                // Written by someone else since: judged whole, and saved at the next change.
                checkOwnFolder(fromScratch: true)
                return
            }
            mirrorIDs.insert(id)
        }
        let cursors = SyncCursors(
            device: identity.id.description, folder: folder, log: mirroredUpTo, mirrorEvents: mirroredCount,
            lastOwnEventAt: lastOwnEventAt?.millisecondsSinceEpoch,
            merged: Dictionary(
                uniqueKeysWithValues: merged.map { ($0.key.description, $0.value.millisecondsSinceEpoch) }),
            own: ownReader.savedCursors,
            devices: Dictionary(
                uniqueKeysWithValues: devices.values.filter { $0.refusal == nil }.map {
                    (
                        $0.id.description,
                        SyncCursors.Device(
                            files: $0.reader.savedCursors, lastEventAt: $0.lastEventAt?.millisecondsSinceEpoch,
                            events: $0.events)
                    )
                }))
        guard cursors != savedCursors else { return }
        do {
            try cursors.save(stateDirectory: stateDirectory)
            savedCursors = cursors
        } catch {
            report(["could not save how far the sync folder was read (\(error)); the next start reads it whole"])
        }
    }

    /// How many events this device's copy holds.
    private var mirroredCount: Int { mirrorBase + mirrorIDs.count }

    /// Takes note of an event of the local log; returns whether it is this device's own.
    @discardableResult
    private func learn(_ event: Event) -> Bool {
        guard let id = event.header.id else { return false }
        knownIDs.insert(id)
        if let device = event.header.device {
            if merged[device].map({ $0 < event.at }) ?? true { merged[device] = event.at }
            return false
        }
        ownIDs.insert(id)
        if lastOwnEventAt.map({ $0 < event.at }) ?? true { lastOwnEventAt = event.at }
        return true
    }

    // MARK: - This device's copy

    /// After the local log grew: the new events are learnt, and this device's own copied to its folder.
    func localLogGrew() {
        for event in LogReplay.events(of: store.log, from: mirroredUpTo) where learn(event) {
            if let id = event.header.id, !mirrorIDs.contains(id) { unmirrored.append(event) }
        }
        mirroredUpTo = store.log.endPosition
        copyOwnEvents()
        queueManifest()
        queueSave()
        // The folder could not be followed (read-only, missing): tried again with each change here.
        if !followsFolder { queueScan() }
    }

    /// Reads this device's folder (again from its start with `fromScratch`): whatever it holds that this device
    /// never recorded means another machine writes there (a cloned state directory); then copies what it lacks,
    /// found among `ownEvents` (this device's events of the local log; read from it when not given).
    private func checkOwnFolder(fromScratch: Bool, ownEvents: [Event]? = nil) {
        if fromScratch {
            learnWholeLog()
            ownReader.reset()
            mirrorIDs = []
            mirrorBase = 0
        }
        let pass = ownReader.read()
        report(pass.problems)
        if pass.reread && !fromScratch {
            // Replaced by other contents (a restore from an old backup): judged whole.
            checkOwnFolder(fromScratch: true, ownEvents: ownEvents)
            return
        }
        var strangers = 0
        var occurrences: [String: EventOccurrences] = [:]
        for record in pass.records {
            guard let event = try? EventCodec.decode(record.payload) else { continue }
            let id = occurrences[record.file, default: EventOccurrences()].id(of: event) {
                EventID.contentHash(record.payload)
            }
            if ownIDs.contains(id) {
                mirrorIDs.insert(id)
            } else {
                strangers += 1
            }
        }
        if strangers > 0 && !complete {
            // Perhaps recorded before the start: judged against every id of the local log.
            checkOwnFolder(fromScratch: true, ownEvents: ownEvents)
            return
        }
        if strangers > 0 {
            takeNewIdentity(
                because:
                    "\(ownDirectory) holds \(strangers) event(s) this device never recorded: another machine writes there with the same device id (a cloned state directory, or a state restored from a backup)"
            )
            return
        }
        if fromScratch {
            // The files changed under the copy's log (restored, deleted): opened again, so it appends where they
            // end now.
            mirror = nil
            let own = ownEvents ?? LogReplay.events(of: store.log).filter { $0.header.device == nil }
            unmirrored = own.filter { $0.header.id.map { !mirrorIDs.contains($0) } ?? false }
        }
        copyOwnEvents()
    }

    /// The old folder becomes another device's (read like any other: union by id, nothing lost or counted twice);
    /// this device takes a new id and starts a new folder.
    private func takeNewIdentity(because reason: String) {
        let old = identity.id
        identity = DeviceIdentity(id: .random(), machine: DeviceIdentity.currentMachine())
        identity.save(stateDirectory: stateDirectory)
        report(["\(reason); this device is now \(identity.id) and reads \(old) as another device"])
        watch?.remove(devicesDirectory + "/" + old.description)
        mirror = nil
        mirrorIDs = []
        mirrorBase = 0
        ownReader = DeviceFolderReader(directory: ownDirectory)
        devices[old] = nil
        watchFolder()
        checkOwnFolder(fromScratch: true)
        scanDevices()
        queueManifest()
    }

    /// Appends the own events the copy lacks; a failure keeps them for the next try (the local log has them).
    private func copyOwnEvents() {
        defer { retryCopyIfBehind() }
        guard !unmirrored.isEmpty || mirror == nil else { return }
        let log: EventLog
        if case .open(let open) = mirror {
            log = open
        } else {
            do {
                let (opened, report) = try EventLog.open(directory: ownDirectory)
                self.report(report.issues.filter(\.isDamage).map(\.description))
                if let refusal = opened.appendRefusal {
                    self.report(["cannot write \(ownDirectory): \(refusal)"])
                    return
                }
                log = opened
                mirror = .open(opened)
                watchOwnFolder()
            } catch {
                report(["cannot write this device's folder \(ownDirectory): \(error); its events stay in the local log"]
                )
                return
            }
        }
        guard !unmirrored.isEmpty else { return }
        let events = unmirrored
        do {
            _ = try log.append(events.map(EventCodec.encode), at: store.clock.now())
            unmirrored = []
            for event in events { if let id = event.header.id { mirrorIDs.insert(id) } }
            // Written again: what went wrong with this device's folder before (full, read-only, deleted while
            // being written) is over.
            clearProblems(containing: ownDirectory)
        } catch {
            // One line for the condition in `pace doctor`, the latest count (the journal has each).
            problems.removeAll { $0.hasPrefix("could not copy ") && $0.contains(ownDirectory) }
            report([
                "could not copy \(events.count) event(s) to \(ownDirectory): \(error); they stay in the local log and are copied when it can be written"
            ])
        }
    }

    /// While the copy lags or its `device` file could not be written (the folder full, read-only or unreachable):
    /// both are tried again at every change of the local log or the folder, and, since space freed elsewhere on
    /// that disk wakes no watch, after 10 s, then twice as long each time up to 10 min. Nothing is armed while the
    /// copy is complete (0 idle wakeups).
    private func retryCopyIfBehind() {
        guard mirror == nil || !unmirrored.isEmpty || manifestUnwritten else {
            copyRetry?.cancel()
            copyRetrySeconds = 0
            return
        }
        if copyRetry == nil { copyRetry = LoopTimer { [weak self] in self?.retryCopy() } }
        guard let copyRetry, !copyRetry.isArmed else { return }
        copyRetrySeconds = min(max(copyRetrySeconds * 2, Self.firstCopyRetrySeconds), Self.longestCopyRetrySeconds)
        copyRetry.schedule(after: .seconds(copyRetrySeconds))
    }

    private var copyRetry: LoopTimer?
    /// Whether the last write of this device's `device` file failed (its disk full, say).
    private var manifestUnwritten = false
    private var copyRetrySeconds: Int64 = 0
    static let firstCopyRetrySeconds: Int64 = 10
    static let longestCopyRetrySeconds: Int64 = 600

    private func retryCopy() {
        copyOwnEvents()
        guard mirror != nil, unmirrored.isEmpty else { return }
        writeManifest()
        guard !manifestUnwritten else { return }
        logger.info("sync: this device's copy in \(ownDirectory) is complete again")
        queueSave()
    }

    // MARK: - Other devices

    /// Reads every device folder that changed, and merges what is new.
    private func scanDevices() {
        let names: [String]
        do {
            names = try Syscall.directoryEntries(devicesDirectory)
        } catch {
            report(["cannot read \(devicesDirectory): \(error)"])
            return
        }
        var fresh: [DeviceID: [Event]] = [:]
        for name in names.sorted() where !name.hasPrefix(".") && !name.hasPrefix("~") {
            guard let id = DeviceID(parsing: name) else {
                if !name.hasSuffix(AtomicFile.temporarySuffix) {
                    report(["\(devicesDirectory)/\(name) is not a device folder (its name is no device id); skipped"])
                }
                continue
            }
            guard id != identity.id else { continue }
            if devices[id] == nil {
                let reader = DeviceFolderReader(
                    directory: devicesDirectory + "/" + name, keepingCursorsOfGoneFiles: true)
                devices[id] = Device(id: id, reader: reader)
                watchDevice(id)
            } else if let watch, !watch.watches(devicesDirectory + "/" + name) {
                // Its folder went and came back (deleted, moved back): followed again, and read.
                watchDevice(id)
                devices[id]?.dirty = true
            }
            if devices[id]?.dirty == true { fresh[id] = read(device: id) }
        }
        merge(fresh)
        for id in devices.keys where !names.contains(id.description) {
            watch?.remove(devicesDirectory + "/" + id.description)
            devices[id] = nil
        }
    }

    /// Records the events of every device read in one pass with one append (and at most one replay of the log).
    private func merge(_ fresh: [DeviceID: [Event]]) {
        let events = fresh.values.flatMap { $0 }
        guard !events.isEmpty else { return }
        do {
            try store.receive(events)
            queueSave()
            for (id, events) in fresh where !events.isEmpty {
                logger.info(
                    "merged \(events.count) event(s) of device \(id) (\(devices[id]?.manifest?.name ?? "unnamed"))")
            }
        } catch {
            for event in events { if let eventID = event.header.id { knownIDs.remove(eventID) } }
            // Read again at the next change, or the next start.
            for id in fresh.keys {
                devices[id]?.reader.reset()
                devices[id]?.resumed = false
            }
            report(["could not merge \(events.count) event(s) of other devices: \(error)"])
        }
    }

    /// Reads a device's `device` file and its new records.
    /// - Returns: The events the record lacks, each with the device as its `device`.
    private func read(device id: DeviceID) -> [Event] {
        guard var device = devices[id] else { return [] }
        device.dirty = false
        let directory = devicesDirectory + "/" + id.description
        if let bytes = SmallFile.read(directory + "/" + DeviceManifest.fileName) {
            if let manifest = try? JSONDecoder().decode(DeviceManifest.self, from: Data(bytes)),
                manifest.id.isWellFormed
            {
                device.manifest = manifest
                if manifest.id != id {
                    device.refusal =
                        "\(directory) says it is the folder of device \(manifest.id) (\(manifest.name)); skipped"
                } else if manifest.format > DeviceManifest.currentFormat {
                    report([
                        "\(directory) was written by a newer Pace (format \(manifest.format)); read as far as this Pace understands it"
                    ])
                }
            } else {
                report([
                    "\(directory)/\(DeviceManifest.fileName) is not a device description; the folder is read without it"
                ])
            }
        }
        if let refusal = device.refusal {
            devices[id] = device
            report([refusal])
            return []
        }
        let pass = device.reader.read()
        report(pass.problems)
        if starting { startRead?.records += pass.records.count }
        if !complete,
            !device.resumed || pass.reread || pass.fromStart.contains(where: { SegmentID(fileName: $0) == nil })
        {
            // Records that may be in the local log already (a folder new to the cursors, a file restored or
            // replaced, a conflict copy): every id is needed to count each once.
            learnWholeLog()
        }
        var fresh: [Event] = []
        var claimed = 0
        var invalid: [String] = []
        var occurrences: [String: EventOccurrences] = [:]
        for record in pass.records {
            device.events += 1
            guard var event = try? EventCodec.decode(record.payload) else {
                invalid.append("\(directory)/\(record.file)@\(record.offset) is not an event this Pace understands")
                continue
            }
            let eventID = occurrences[record.file, default: EventOccurrences()].id(of: event) {
                EventID.contentHash(record.payload)
            }
            do throws(Event.OutOfRange) {
                try event.validate()
            } catch {
                invalid.append("\(directory)/\(record.file)@\(record.offset): \(error.message)")
                continue
            }
            if event.header.device != nil {
                claimed += 1
                continue
            }
            if device.lastEventAt.map({ $0 < event.at }) ?? true { device.lastEventAt = event.at }
            event.header.id = eventID
            if !complete, let last = merged[id], event.at <= last {
                // No later than the latest event of this device in the record: it may be in it already, before
                // where the cursors were saved (a file restored from an older copy and grown again, cursors that a
                // failed merge reset): every id is needed to count it once.
                learnWholeLog()
            }
            guard !knownIDs.contains(eventID) else { continue }
            knownIDs.insert(eventID)
            event.header.device = id
            fresh.append(event)
        }
        devices[id] = device
        if claimed > 0 {
            report([
                "\(directory) holds \(claimed) event(s) that device received from another (a device's folder holds only its own); skipped"
            ])
        }
        if !invalid.isEmpty {
            report(invalid.prefix(5).map { "skipped \($0)" })
            if invalid.count > 5 { report(["skipped \(invalid.count - 5) more events of \(directory)"]) }
        }
        return fresh
    }

    // MARK: - The manifest

    private func queueManifest() {
        guard !manifestQueued else { return }
        manifestQueued = true
        DaemonActor.later { [weak self] in
            self?.manifestQueued = false
            self?.writeManifest()
        }
    }

    /// Writes this device's `device` file (whole or not at all); `unlessUnchanged` (at a start) leaves one that
    /// already says the same but for `updatedAt` alone, so that a restart makes no sync tool carry it to every device.
    func writeManifest(unlessUnchanged: Bool = false) {
        guard mirror != nil else { return }
        var manifest = DeviceManifest(
            id: identity.id, name: name, updatedAt: store.clock.now().millisecondsSinceEpoch,
            lastEventAt: lastOwnEventAt?.millisecondsSinceEpoch, events: mirroredCount,
            merged: Dictionary(
                uniqueKeysWithValues: merged.map { ($0.key.description, $0.value.millisecondsSinceEpoch) }),
            fold: FoldSettings(store.settings))
        let path = ownDirectory + "/" + DeviceManifest.fileName
        if unlessUnchanged, let bytes = SmallFile.read(path),
            let written = try? JSONReader().decode(DeviceManifest.self, from: bytes),
            written.format == manifest.format
        {
            let now = manifest.updatedAt
            manifest.updatedAt = written.updatedAt
            if written == manifest {
                manifestUnwritten = false
                retryCopyIfBehind()
                return
            }
            manifest.updatedAt = now
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let bytes = try? encoder.encode(manifest) else { return }
        do {
            try AtomicFile.create(path, contents: Array(bytes)).close()
            manifestUnwritten = false
            clearProblems(containing: path)
        } catch {
            manifestUnwritten = true
            report(["could not write \(ownDirectory)/\(DeviceManifest.fileName): \(error)"])
        }
        retryCopyIfBehind()
    }

    // MARK: - Following the folder

    /// Whether `devices/` is followed: else it is tried again with each change of the local log.
    private var followsFolder: Bool { watch?.watches(devicesDirectory) ?? false }

    private func watchFolder() {
        do {
            if watch == nil {
                watch = try DirectoryWatch { [weak self] changes in self?.handle(changes) }
            }
            guard let watch, !watch.watches(devicesDirectory) else { return }
            try? PrivateDirectory.prepare(devicesDirectory, createParents: true)
            try watch.add(devicesDirectory)
        } catch {
            report(["cannot follow \(devicesDirectory) (\(error)); other devices' events are read at the next start"])
        }
    }

    /// Another device's folder: writes in place too (a file kept open and appended to, as a log on a shared drive
    /// is), which wake the daemon only while that folder changes.
    private func watchDevice(_ id: DeviceID) {
        _ = try? watch?.add(devicesDirectory + "/" + id.description, reportingWrites: true)
    }

    private func watchOwnFolder() {
        guard let watch, !watch.watches(ownDirectory) else { return }
        _ = try? watch.add(ownDirectory)
    }

    /// The device whose folder `directory` is, if it is another device's.
    private func device(at directory: String) -> DeviceID? {
        guard directory.hasPrefix(devicesDirectory + "/"),
            let id = DeviceID(parsing: String(directory.dropFirst(devicesDirectory.count + 1))), devices[id] != nil
        else { return nil }
        return id
    }

    /// Marks what changed; one scan reads it all at the end of the turn of the loop.
    private func handle(_ changes: [DirectoryWatch.Change]) {
        for change in changes {
            switch change.kind {
            case .eventsLost:
                // The kernel's queue overflowed: events were lost, so everything is read again.
                for id in devices.keys { devices[id]?.dirty = true }
                ownNeedsCheck = true
            case .directoryGone:
                if change.directory == devicesDirectory {
                    // The folder went (deleted, moved away, unmounted): made again, and this device's copy with it.
                    // Device folders moved away with it keep their watches under their old paths: ended, so that
                    // the folders found at those paths now are watched and read anew.
                    watch?.remove(ownDirectory)
                    mirror = nil
                    for id in devices.keys {
                        watch?.remove(devicesDirectory + "/" + id.description)
                        devices[id]?.dirty = true
                    }
                    ownNeedsCheck = true
                } else if change.directory == ownDirectory {
                    mirror = nil
                    ownNeedsCheck = true
                } else if let id = device(at: change.directory) {
                    devices[id]?.dirty = true
                }
            case .subdirectoryAppeared, .subdirectoryGone:
                if change.directory == devicesDirectory, change.name == identity.id.description {
                    // This device's folder went, came back or was moved: the copy is opened again.
                    ownNeedsCheck = true
                    if change.kind == .subdirectoryGone { mirror = nil }
                }
            case .fileReady, .fileWritten, .fileGone:
                if change.directory == ownDirectory {
                    if DeviceFolderReader.isEventFile(change.name) { ownNeedsCheck = true }
                } else if let id = device(at: change.directory),
                    change.name == DeviceManifest.fileName || DeviceFolderReader.isEventFile(change.name)
                {
                    devices[id]?.dirty = true
                }
            }
        }
        queueScan()
    }

    private var ownNeedsCheck = false

    /// One scan for everything that changed in one turn of the loop.
    private func queueScan() {
        guard !scanQueued else { return }
        scanQueued = true
        DaemonActor.later { [weak self] in
            guard let self else { return }
            scanQueued = false
            if !followsFolder { watchFolder() }
            if ownNeedsCheck {
                ownNeedsCheck = false
                // Gone (deleted, unmounted): made again from the local log.
                checkOwnFolder(fromScratch: mirror == nil)
                writeManifest()
            }
            scanDevices()
        }
    }

    // MARK: - Reporting

    /// Logs each problem (the journal), and keeps it for `pace doctor` (the first ``keptProblems``).
    private func report(_ found: [String]) {
        for problem in found {
            logger.warning("sync: \(problem)")
            guard !problems.contains(problem) else { continue }
            if problems.count < Self.keptProblems { problems.append(problem) }
        }
    }

    private func clearProblems(containing text: String) {
        problems.removeAll { $0.contains(text) }
    }

    /// The devices whose folders are there, this one first, for `pace devices` and `pace doctor`.
    func deviceList() -> [DeviceSummary] {
        let fold = FoldSettings(store.settings)
        var list = [
            DeviceSummary(
                id: identity.id, name: name, isThis: true, lastEventAt: lastOwnEventAt, events: mirroredCount,
                mergedThisDeviceUpTo: nil, settingsDiffer: [], refusal: nil)
        ]
        for device in devices.values.sorted(by: { $0.id < $1.id }) {
            let mergedHere = device.manifest?.merged[identity.id.description].map(Instant.init(millisecondsSinceEpoch:))
            list.append(
                DeviceSummary(
                    id: device.id, name: device.manifest?.name ?? device.id.description, isThis: false,
                    lastEventAt: device.lastEventAt, events: device.events, mergedThisDeviceUpTo: mergedHere,
                    settingsDiffer: device.manifest?.fold.map { fold.differences(from: $0) } ?? [],
                    refusal: device.refusal))
        }
        return list
    }

    /// The name another device gives itself in its `device` file, by id; `nil` until that file is read.
    func deviceName(_ id: String) -> String? {
        DeviceID(parsing: id).flatMap { devices[$0]?.manifest?.name }
    }

    /// The latest `at` of this device's own events, for "how far behind" another device is.
    var latestOwnEvent: Instant? { lastOwnEventAt }
}

/// One device as `pace devices` shows it.
struct DeviceSummary {
    var id: DeviceID
    var name: String
    var isThis: Bool
    var lastEventAt: Instant?
    var events: Int
    /// The latest of this device's events that device has merged (from its `device` file).
    var mergedThisDeviceUpTo: Instant?
    var settingsDiffer: [String]
    var refusal: String?
}

extension SyncFolder {
    /// After records were appended to the local log: one look at them for the whole turn of the loop, after the
    /// replies that wait for them.
    func logGrew() {
        guard !growthQueued else { return }
        growthQueued = true
        DaemonActor.later { [weak self] in
            self?.growthQueued = false
            self?.localLogGrew()
        }
    }

    /// A new `[sync] name`.
    func rename(_ name: String?) {
        let name = name ?? Self.hostName()
        guard name != self.name else { return }
        self.name = name
        writeManifest()
    }

    /// The sync folder's part of `GetHealth`: `pace devices`, `pace doctor`.
    func health(now: Instant) -> PaceAPI.SyncHealth {
        let list = deviceList()
        var problems = self.problems
        for device in list where !device.settingsDiffer.isEmpty {
            problems.append(
                "\(device.name) (\(device.id)) counts with other settings: "
                    + device.settingsDiffer.joined(separator: "; ")
                    + "; the two show different budgets for the same events")
        }
        return PaceAPI.SyncHealth(
            folder: folder, device: identity.id.description, name: name,
            devices: list.map { device in
                PaceAPI.SyncDevice(
                    id: device.id.description, name: device.name, this: device.isThis,
                    lastEventAt: device.lastEventAt?.rfc3339, events: device.events,
                    mergedThisDeviceUpTo: device.mergedThisDeviceUpTo?.rfc3339,
                    settingsDiffer: device.settingsDiffer, refusal: device.refusal)
            },
            problems: problems, start: startRead)
    }
}
