import Glibc
import Logging
import PaceCore
import PaceJSON
import PaceProtocol
import PaceSystem
import SystemPackage

/// The import inbox (`[import] inbox`): a folder whose new and grown files paced imports by itself, so that
/// Gadgetbridge's automatic export, carried from the phone by Syncthing, arrives without a keystroke.
///
/// - **When a file is read.** When it is complete: closed after writing, or renamed into place (a sync tool's
///   temporary names are never read; ``DirectoryWatch``). At start-up, and when the folder appears, what is there
///   already. A file is imported again when its size or modification time changed since it was last handled (it
///   grew: a newer export under the same name); importing is a union by id, so what it held before counts once.
/// - **How.** `pace import --json FILE`, run beside the loop (``BackgroundProcess``), one file at a time: it
///   parses the file in its own memory and sends its events in batches of `ImportEvents` like any client, so
///   requests, reminders and the watchdog are answered between batches, and a huge or hostile file costs the
///   daemon nothing but the batches. Ids come from the source device and the samples' own minutes, so every
///   computer that imports the same file gets the same events.
/// - **What is reported.** One journal line per file (imported, or refused with the reason), ``health()`` for
///   `pace doctor`. A refused file is not tried again until it changes: the ledger (`inbox-ledger` in the state
///   directory) keeps each name's size, modification time and outcome across restarts.
/// - **Nothing wakes.** While nothing arrives, the folder's inotify watch is all there is; while it does not exist,
///   a watch on its nearest existing ancestor (``FileAppearanceWatcher``).
@DaemonActor
final class Inbox {
    /// What the inbox is configured with.
    struct Settings: Equatable, Sendable {
        /// The folder, absolute.
        var directory: String
        /// Files larger than this are refused.
        var sizeLimitBytes: Int64
    }

    /// A file's identity as far as "did it change" goes.
    struct Stamp: Equatable {
        var size: Int64
        var modifiedNanoseconds: Int64
    }

    /// One file handled.
    struct Handled: Equatable {
        var name: String
        var stamp: Stamp
        var imported: Bool
        var detail: String
        var at: Instant
    }

    /// How long one file's import may take before it is stopped.
    static let timeout: Duration = .seconds(30 * 60)
    /// How many handled files ``health()`` lists.
    static let recentCount = 5
    static let ledgerName = "inbox-ledger"

    let settings: Settings
    private let socketPath: String
    private let ledgerPath: String
    private let pace: String?
    private let clock: any WallClock
    private let logger: Logger

    private var watch: DirectoryWatch?
    private var appearance: FileAppearanceWatcher?
    private var problem: String?
    /// The last outcome of each name, as in the ledger file.
    private var ledger: [String: Handled] = [:]
    private var waiting: [String] = []
    private var running: (name: String, stamp: Stamp, process: BackgroundProcess)?
    private var importedCount = 0
    private var refusedCount = 0
    private var recent: [Handled] = []

    /// Called after each file handled (tests and the service status).
    var onHandled: ((Handled) -> Void)?

    init(settings: Settings, stateDirectory: String, socketPath: String, clock: any WallClock, logger: Logger) {
        self.settings = settings
        self.socketPath = socketPath
        ledgerPath = stateDirectory + "/" + Self.ledgerName
        self.clock = clock
        self.logger = logger
        pace = Subprocess.ownDirectory().map { $0 + "/pace" }.flatMap { Subprocess.isExecutable($0) ? $0 : nil }
        ledger = Self.readLedger(ledgerPath)
    }

    /// The folder `value` names: `~` and `~/…` are in the home directory, a relative path is taken from it too.
    static func directory(_ value: String, home: String) -> String {
        var path = value
        if path == "~" {
            path = home
        } else if path.hasPrefix("~/") {
            path = home + path.dropFirst()
        } else if !path.hasPrefix("/") {
            path = home + "/" + path
        }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Follows the folder and imports what is there already.
    func start() {
        guard watch == nil else { return }
        guard pace != nil else {
            problem = "the pace command is not installed beside paced, so files cannot be imported"
            logger.error("inbox \(settings.directory): \(problem!)")
            return
        }
        do {
            let watch = try DirectoryWatch { [unowned self] changes in handle(changes) }
            self.watch = watch
            follow()
        } catch {
            problem = "cannot watch it: \(error)"
            logger.error("inbox \(settings.directory): \(problem!)")
        }
    }

    /// Watches the folder and takes its files, or waits for it to appear.
    private func follow() {
        guard let watch else { return }
        do {
            let listing = try watch.add(settings.directory)
            appearance?.stop()
            appearance = nil
            problem = nil
            logger.info("inbox: importing what appears in \(settings.directory)")
            let names = Set(listing.files)
            // Names gone while paced was not looking are forgotten.
            for name in ledger.keys where !names.contains(name) { ledger[name] = nil }
            for name in listing.files.sorted() { consider(name) }
        } catch  where error.errno == .noSuchFileOrDirectory {
            problem = "it does not exist; paced imports from it once it does"
            waitForDirectory()
        } catch {
            problem = "cannot watch it: \(error)"
            logger.warning("inbox \(settings.directory): \(problem!)")
        }
    }

    private func waitForDirectory() {
        if appearance == nil {
            appearance = FileAppearanceWatcher(path: settings.directory) { [unowned self] in
                if Syscall.exists(settings.directory) { follow() }
            }
        }
        do {
            try appearance?.start()
        } catch {
            problem = "it does not exist, and paced cannot watch for it: \(error)"
            logger.warning("inbox \(settings.directory): \(problem!)")
        }
        // It may have appeared before the watch was in place.
        if Syscall.exists(settings.directory) { follow() }
    }

    private func handle(_ changes: [DirectoryWatch.Change]) {
        for change in changes {
            switch change.kind {
            case .fileReady: consider(change.name)
            case .fileGone:
                if ledger.removeValue(forKey: change.name) != nil { saveLedger() }
            case .directoryGone:
                logger.notice("inbox \(settings.directory) went away; paced imports from it again once it is back")
                waitForDirectory()
            case .eventsLost: follow()
            case .fileWritten, .subdirectoryAppeared, .subdirectoryGone: continue
            }
        }
    }

    /// Queues `name` if it is new or changed since it was last handled.
    private func consider(_ name: String) {
        let path = settings.directory + "/" + name
        guard let status = try? Syscall.lstat(path), status.type == .regular else { return }
        let stamp = Stamp(
            size: Int64(status.size),
            modifiedNanoseconds: Int64(status.rawValue.st_mtim.tv_sec) * 1_000_000_000
                + Int64(status.rawValue.st_mtim.tv_nsec))
        if ledger[name]?.stamp == stamp || waiting.contains(name) { return }
        if let running, running.name == name, running.stamp == stamp { return }
        if stamp.size > settings.sizeLimitBytes {
            let limit = settings.sizeLimitBytes / (1024 * 1024)
            record(
                name, stamp, imported: false,
                detail:
                    "\(stamp.size / (1024 * 1024)) MiB, larger than the limit of \(limit) MiB ([import] size_limit_mb)")
            return
        }
        waiting.append(name)
        next()
    }

    /// Starts the next waiting file's import, when none runs.
    private func next() {
        guard running == nil, let pace, !waiting.isEmpty else { return }
        let name = waiting.removeFirst()
        let path = settings.directory + "/" + name
        // The stamp of what is read: a file that changes while it is read is imported again after.
        guard let status = try? Syscall.lstat(path), status.type == .regular else { return next() }
        let stamp = Stamp(
            size: Int64(status.size),
            modifiedNanoseconds: Int64(status.rawValue.st_mtim.tv_sec) * 1_000_000_000
                + Int64(status.rawValue.st_mtim.tv_nsec))
        let limit = String(max(1, settings.sizeLimitBytes / (1024 * 1024)))
        do {
            let process = try BackgroundProcess(
                pace, ["import", "--json", "--socket", socketPath, "--size-limit", limit, path], timeout: Self.timeout
            ) { [unowned self] result in finished(name, stamp, result) }
            running = (name, stamp, process)
        } catch {
            logger.error("inbox: cannot run \(pace) to import \(name): \(error)")
            record(name, stamp, imported: false, detail: "pace import could not be started: \(error)")
        }
    }

    private func finished(_ name: String, _ stamp: Stamp, _ result: Subprocess.Result) {
        running = nil
        if result.status == 0, let reply = try? JSONReader().decode(ImportReply.self, from: Array(result.output.utf8)) {
            let skipped = reply.skipped == 0 ? "" : ", \(reply.skipped) already there"
            record(name, stamp, imported: true, detail: "\(reply.imported) events added\(skipped)")
        } else {
            record(name, stamp, imported: false, detail: Self.reason(result))
        }
        next()
    }

    /// The reason `pace import` gave: its last line on standard error, without `pace: ` and the file's path.
    static func reason(_ result: Subprocess.Result) -> String {
        let lines = result.error.split(separator: "\n").map(String.init)
        guard var line = lines.last(where: { !$0.hasPrefix("pace: ") || $0.contains("cannot import") }) ?? lines.last
        else {
            return result.status > 128
                ? "pace import was stopped (signal \(result.status - 128))" : "pace import failed (\(result.status))"
        }
        if line.hasPrefix("pace: ") { line.removeFirst(6) }
        return line
    }

    private func record(_ name: String, _ stamp: Stamp, imported: Bool, detail: String) {
        let handled = Handled(name: name, stamp: stamp, imported: imported, detail: detail, at: clock.now())
        ledger[name] = handled
        recent.insert(handled, at: 0)
        if recent.count > Self.recentCount { recent.removeLast() }
        if imported {
            importedCount += 1
            logger.notice("inbox: imported \(name): \(detail)", metadata: ["import_file": "\(name)"])
        } else {
            refusedCount += 1
            logger.warning(
                "inbox: refused \(name): \(detail); it is tried again when it changes",
                metadata: ["import_file": "\(name)"])
        }
        saveLedger()
        onHandled?(handled)
    }

    /// For `pace doctor`.
    func health() -> PaceAPI.InboxHealth {
        PaceAPI.InboxHealth(
            directory: settings.directory, watching: watch?.directories.isEmpty == false, problem: problem,
            imported: importedCount, refused: refusedCount, waiting: waiting.count + (running == nil ? 0 : 1),
            recent: recent.map {
                PaceAPI.InboxFile(
                    name: $0.name, outcome: $0.imported ? "imported" : "refused", detail: $0.detail,
                    at: $0.at.rfc3339)
            })
    }

    // MARK: The ledger

    /// One line a name: `imported|refused SIZE MTIME_NS NAME` (the name last: it may hold spaces).
    private static func readLedger(_ path: String) -> [String: Handled] {
        // A line is about 40 bytes and a file name: 64 MiB is hundreds of thousands of files. A ledger past that is
        // not Pace's; read as empty, its files are imported again, which the union by id makes harmless.
        guard let bytes = SmallFile.read(path, limit: 64 << 20) else { return [:] }
        var ledger: [String: Handled] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count == 4, let size = Int64(fields[1]), let modified = Int64(fields[2]) else { continue }
            let name = String(fields[3])
            ledger[name] = Handled(
                name: name, stamp: Stamp(size: size, modifiedNanoseconds: modified), imported: fields[0] == "imported",
                detail: "", at: Instant(secondsSinceEpoch: 0))
        }
        return ledger
    }

    private func saveLedger() {
        var text = ""
        for (name, handled) in ledger.sorted(by: { $0.key < $1.key }) where !name.contains("\n") {
            text += "\(handled.imported ? "imported" : "refused") \(handled.stamp.size) "
            text += "\(handled.stamp.modifiedNanoseconds) \(name)\n"
        }
        do {
            try AtomicFile.create(ledgerPath, contents: Array(text.utf8)).close()
        } catch {
            logger.warning("inbox: cannot save \(ledgerPath): \(error); files may be imported again after a restart")
        }
    }
}

/// What `pace import --json` prints.
private struct ImportReply: Decodable {
    var imported: Int
    var skipped: Int
}
