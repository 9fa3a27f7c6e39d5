import FoundationEssentials
import Logging
import PaceCore
import PaceSystem
import SystemPackage

/// Which device the person is at, across the devices of a sync folder (docs/sync.md, "One person, several screens").
///
/// This device writes only `devices/<its id>/presence`, whole (temporary file, then rename), and only when its
/// desk presence changes (active ↔ away, from the same signals as ``Desktop/isAway``): nothing is written or read
/// while nothing changes. It follows every other device's `presence` with inotify. ``reminderDevice`` is then
/// ``Presence/reminderDevice(among:)`` of them all; a device that is not it holds its reminders, and the shown
/// reminder's `reminderShown` event, merged through the folder, keeps the others from repeating it.
@DaemonActor
final class PresenceBoard {
    /// The name of the file in a device's folder.
    static let fileName = "presence"

    private let devicesDirectory: String
    private let device: String
    private let desktop: Desktop
    private let clock: any WallClock
    private let logger: Logger
    /// A device's name, from its `device` file, by id.
    private let nameOf: (String) -> String?
    /// Follows `devices/` and every other device's folder in it.
    private var watch: DirectoryWatch?
    /// What each device's file says (this one's included, as last written).
    private(set) var presences: [String: Presence] = [:]
    /// When this device last heard from each other device, by its own clock: its folder first read, or anything
    /// in it changed (its `presence`, its `device` file, its events).
    private var heard: [String: Instant] = [:]
    /// How long another device may be silent while its presence says the person is active there: past it, the
    /// claim lapses (it died without saying so: a power cut, a crash, a lid closed on a machine that sleeps
    /// without telling).
    static let silentClaimLimitSeconds: Int64 = 60 * 60
    /// Something in ``presences`` changed: reminders may be due here now, or no longer here.
    var onChange: (() -> Void)?

    /// - Parameters:
    ///   - devicesDirectory: The sync folder's `devices/`.
    ///   - device: This device's id, the name of its folder there.
    ///   - desktop: Where this device's presence comes from.
    ///   - nameOf: A device's name by id, when known.
    init(
        devicesDirectory: String, device: String, desktop: Desktop, clock: any WallClock, logger: Logger,
        nameOf: @escaping (String) -> String? = { _ in nil }
    ) {
        self.devicesDirectory = devicesDirectory
        self.device = device
        self.desktop = desktop
        self.clock = clock
        self.logger = logger
        self.nameOf = nameOf
    }

    /// Reads every device's `presence` and starts following them.
    func start() {
        let names: [String]
        do {
            let watch = try DirectoryWatch { [weak self] changes in self?.handle(changes) }
            self.watch = watch
            names = try watch.add(devicesDirectory).subdirectories
        } catch {
            logger.warning(
                "cannot follow other devices' presence in \(devicesDirectory): \(error); reminders show here")
            names = (try? DirectoryWatch.list(devicesDirectory).subdirectories) ?? []
        }
        for name in names { follow(name) }
    }

    /// Follows `devices/` again after it went (deleted, replaced by a restore, unmounted): made again with this
    /// device's folder (as ``SyncFolder`` makes them), every device in it read, and this device's presence written
    /// again, since its file went with the folder. Tried again at each change of this device's presence if it fails.
    private func followAgain() {
        guard let watch, !watch.watches(devicesDirectory) else { return }
        let names: [String]
        do {
            try PrivateDirectory.prepare(devicesDirectory + "/" + device, createParents: true)
            names = try watch.add(devicesDirectory).subdirectories
        } catch {
            logger.warning("cannot follow other devices' presence in \(devicesDirectory) again: \(error)")
            return
        }
        for name in names { follow(name) }
        writeOwn()
    }

    /// The device that shows reminders now; `nil` when no device's presence is known.
    var reminderDevice: String? { Presence.reminderDevice(among: presences(at: clock.now())) }

    /// The presences as they count at `now`: another device's claim that the person is active there lapses once
    /// that device has been silent for ``silentClaimLimitSeconds`` (judged by when this device heard from it, never
    /// by the other device's clock), and counts as away since it was last heard from. Looked at only when a
    /// reminder is decided: nothing wakes for it.
    func presences(at now: Instant) -> [String: Presence] {
        var counted = presences
        for (name, presence) in presences where name != device && presence.state == .active {
            if let lapse = lapse(of: name), lapse <= now, let last = heard[name] {
                counted[name] = Presence(.away, since: last)
            }
        }
        return counted
    }

    /// When another device's claim of activity lapses if nothing is heard from it; `nil` for this device, one
    /// that claims nothing, or one never heard from.
    private func lapse(of name: String) -> Instant? {
        guard name != device, presences[name]?.state == .active, let last = heard[name] else { return nil }
        return Instant(millisecondsSinceEpoch: last.millisecondsSinceEpoch + Self.silentClaimLimitSeconds * 1000)
    }

    /// When the reminders held for another device should be decided again: the moment the claim of the device
    /// showing them lapses, if it is a claim of activity that has not lapsed yet.
    var heldUntilLapse: Instant? {
        guard let chosen = reminderDevice, let lapse = lapse(of: chosen), lapse > clock.now() else { return nil }
        return lapse
    }

    /// The device that shows reminders while this one holds them, by name (its id until its `device` file is
    /// read): the person is at it, or was there last; `nil` when they show here.
    var showingDevice: String? {
        guard let chosen = reminderDevice, chosen != device else { return nil }
        return nameOf(chosen) ?? chosen
    }

    /// Why this device holds a due reminder: the person is at another device; `nil` when it shows them here.
    var hold: String? {
        guard let chosen = reminderDevice, chosen != device else { return nil }
        let active = presences(at: clock.now())[chosen]?.state == .active
        return "the person is \(active ? "active" : "last seen") on device \(chosen)"
    }

    /// Reads this device's presence from the desktop (call it whenever ``Desktop/isAway`` may have changed, or
    /// the desktop came to know its state) and records it if it changed. Nothing is recorded while no bus tells
    /// (a machine without a desktop session): such a device never claims the person.
    func deskChanged() {
        guard desktop.knowsHolds, desktop.isSessionBusConnected || desktop.isSystemBusConnected else { return }
        let now = clock.now()
        if desktop.isAway {
            // The idle signals speak after a while without input: the person left then.
            update(.away, since: desktop.awaySince(now: now))
        } else {
            update(.active, since: now)
        }
    }

    /// The machine goes to sleep: the person is not at it.
    func sleeping() {
        update(.away, since: clock.now())
    }

    /// Records this device's presence, if it changed: written at once to `devices/<id>/presence`.
    func update(_ state: Presence.State, since: Instant) {
        guard presences[device]?.state != state else { return }
        presences[device] = Presence(state, since: since)
        if let watch, !watch.watches(devicesDirectory) {
            followAgain()
        } else {
            writeOwn()
        }
        changed(device)
    }

    /// Writes this device's presence, as last recorded, to `devices/<id>/presence`.
    private func writeOwn() {
        guard let presence = presences[device] else { return }
        let path = devicesDirectory + "/" + device + "/" + Self.fileName
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try AtomicFile.create(path, contents: Array(try encoder.encode(presence))).close()
        } catch {
            logger.warning("could not write \(path): \(error); other devices may show reminders meanwhile")
        }
    }

    /// Says in the journal what changed and where reminders show now, and tells ``onChange``.
    private func changed(_ name: String) {
        let who = name == device ? "this device" : "device \(name)"
        let what = presences[name].map { "\($0.state.rawValue) since \($0.since.millisecondsSinceEpoch)" } ?? "unknown"
        let chosen = reminderDevice.map { $0 == device ? "this device" : "device \($0)" } ?? "each device"
        logger.info("presence: \(who) \(what); reminders show on \(chosen)")
        onChange?()
    }

    /// Watches another device's folder (if not yet) and reads its `presence`.
    private func follow(_ name: String) {
        guard name != device, !name.hasPrefix("~"), !name.hasSuffix(AtomicFile.temporarySuffix) else { return }
        let folder = devicesDirectory + "/" + name
        if let watch, !watch.watches(folder) { _ = try? watch.add(folder) }
        read(name)
    }

    private func read(_ name: String) {
        let path = devicesDirectory + "/" + name + "/" + Self.fileName
        let old = presences[name]
        if let bytes = SmallFile.read(path) {
            if let presence = try? JSONDecoder().decode(Presence.self, from: Data(bytes)) {
                presences[name] = presence
            } else {
                logger.warning("\(path) is not a presence (JSON {\"state\":…,\"since\":…}); skipped")
                presences[name] = nil
            }
        } else {
            presences[name] = nil
        }
        // Heard from: at first sight (this start), or when what it says changed. Reading it again after the kernel's
        // queue overflowed is no sign of life, or a dead device's claim would last an hour more at each overflow.
        if heard[name] == nil || presences[name] != old { heard[name] = clock.now() }
        if presences[name] != old { changed(name) }
    }

    /// The device whose folder `directory` is, if it is one in `devices/`.
    private func deviceName(of directory: String) -> String? {
        guard directory.hasPrefix(devicesDirectory + "/") else { return nil }
        return String(directory.dropFirst(devicesDirectory.count + 1))
    }

    private func handle(_ changes: [DirectoryWatch.Change]) {
        var changed: Set<String> = []
        for change in changes {
            switch change.kind {
            case .subdirectoryAppeared where change.directory == devicesDirectory:
                // This device's folder made again (by the sync folder, after it went): its presence with it.
                if change.name == device { writeOwn() } else { follow(change.name) }
            case .fileReady, .fileGone:
                guard let name = deviceName(of: change.directory) else { continue }
                // Any sign of life keeps the device's claim; a new `presence` is read.
                heard[name] = clock.now()
                if change.name == Self.fileName { changed.insert(name) }
            case .directoryGone where change.directory == devicesDirectory:
                // All of `devices/` gone: every other device's presence with it; followed again at once. A folder
                // moved away with it keeps its watch under its old path: ended, so the path is watched anew.
                for name in heard.keys { watch?.remove(devicesDirectory + "/" + name) }
                changed.formUnion(presences.keys.filter { $0 != device })
                followAgain()
            case .directoryGone:
                // A device's folder gone: its presence with it (read again if the folder comes back).
                if let name = deviceName(of: change.directory) { changed.insert(name) }
            case .eventsLost:
                // The kernel's queue overflowed: every folder is looked at again.
                for name in (try? DirectoryWatch.list(devicesDirectory).subdirectories) ?? [] { follow(name) }
                changed.formUnion(presences.keys.filter { $0 != device })
            default:
                continue
            }
        }
        for name in changed.sorted() { read(name) }
    }
}
