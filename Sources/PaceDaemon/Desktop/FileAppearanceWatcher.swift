import PaceSystem
import SystemPackage

/// Tells, without polling, when a file with a given name is created, replaced, written or removed, even in a
/// directory that does not exist yet.
///
/// Used for a bus socket that is not there (`$XDG_RUNTIME_DIR/bus` before the user's bus starts,
/// `/run/dbus/system_bus_socket` in a container without a system bus) and for the test clock-offset file.
/// When the file's directory is missing, the deepest ancestor that exists is watched for the next path
/// component, and the watch moves down as directories appear (and back up if they go), the way sd-bus's
/// `sd_bus_set_watch_bind` does. One `inotify` instance per watcher, one watch at a time; nothing wakes the
/// process while nothing happens in the watched directory.
///
@DaemonActor
final class FileAppearanceWatcher {
    /// The watched file.
    let path: String
    private let handler: () -> Void
    private var inotify: Inotify?
    private var inotifyWatch: IOWatch?
    private var watch: Int32?
    /// The directory watched now: the file's own, or an ancestor while that one is missing.
    private var watchedDirectory = ""
    /// The name awaited in ``watchedDirectory``: the file's, or the next missing directory's.
    private var awaitedName = ""

    /// In the file's own directory: everything that can make the file appear, change or go.
    private static let fileChanges: Inotify.Changes = [.created, .movedIn, .closedAfterWriting, .attributes, .deleted]
    /// In an ancestor: only directories coming and going, so busy directories (`/run`) wake the process less.
    private static let ancestorChanges: Inotify.Changes = [.created, .movedIn]

    /// Prepares a watcher for `path`; nothing is watched until ``start()``.
    ///
    /// - Parameters:
    ///   - path: An absolute file path.
    ///   - handler: Runs on the loop after the file appeared, changed or went (several events may make one call).
    init(path: String, handler: @escaping () -> Void) {
        self.path = path
        self.handler = handler
    }

    isolated deinit {
        inotifyWatch?.cancel()
        try? inotify?.descriptor.close()
    }

    /// Whether a watch is in place.
    var isWatching: Bool { watch != nil }

    /// Starts watching (again, after ``stop()``).
    ///
    /// - Throws: ``SystemError`` when inotify cannot be used (out of instances or watches); the caller then
    ///   falls back to retrying on a timer.
    func start() throws(SystemError) {
        guard watch == nil else { return }
        if inotify == nil {
            let inotify = try Inotify()
            do {
                inotifyWatch = try IOWatch(inotify.descriptor, for: .readable) { [weak self] _ in self?.readEvents() }
            } catch {
                try? inotify.descriptor.close()
                throw error
            }
            self.inotify = inotify
        }
        try retarget()
    }

    /// Stops watching; ``start()`` may be called again (the inotify descriptor stays open for that).
    func stop() {
        if let watch, let inotify { inotify.removeWatch(watch) }
        watch = nil
    }

    /// Watches the file's directory, or the deepest ancestor of it that exists.
    private func retarget() throws(SystemError) {
        guard let inotify else { return }
        if let watch { inotify.removeWatch(watch) }
        watch = nil
        var (directory, name) = Self.split(path)
        let fileDirectory = directory
        while true {
            do {
                let changes = directory == fileDirectory ? Self.fileChanges : Self.ancestorChanges
                let added = try inotify.watch(directory, for: changes)
                // The awaited directory may have appeared between the failed watch below it and this one: then
                // this watch would wait for something that already happened. Start again from the file's own.
                if directory != fileDirectory, (try? Syscall.lstat(directory + "/" + name))?.type == .directory {
                    inotify.removeWatch(added)
                    (directory, name) = Self.split(path)
                    continue
                }
                watch = added
                watchedDirectory = directory
                awaitedName = name
                return
            } catch  where error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
                guard directory != "/" else { throw error }
                (directory, name) = Self.split(directory)
            }
        }
    }

    private func readEvents() {
        guard let inotify else { return }
        let events = (try? inotify.readEvents()) ?? []
        let fileDirectory = Self.split(path).directory
        var relevant = false
        var moved = false
        for event in events where event.watch == watch {
            if event.changes.contains(.watchEnded) {
                // The watched directory itself went: watch further up.
                moved = true
            } else if event.name == awaitedName {
                if watchedDirectory == fileDirectory { relevant = true } else { moved = true }
            }
        }
        if moved {
            watch = nil
            try? retarget()
            // The file may have appeared together with its directory, before the new watch was in place.
            if watchedDirectory == fileDirectory && (try? Syscall.lstat(path)) != nil { relevant = true }
            if watch == nil { relevant = true }
        }
        if relevant { handler() }
    }

    /// `/a/b/c` → (`/a/b`, `c`); `/c` → (`/`, `c`).
    private static func split(_ path: String) -> (directory: String, name: String) {
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        let directory = slash == path.startIndex ? "/" : String(path[..<slash])
        return (directory, String(path[path.index(after: slash)...]))
    }
}
