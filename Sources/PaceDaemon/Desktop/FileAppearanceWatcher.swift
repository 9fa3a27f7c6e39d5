import Dispatch
import Logging
import PaceSystem
import SystemPackage

/// Tells, without polling, when a file with a given name is created, replaced or written in a directory.
///
/// Used for a bus socket that does not exist yet (`$XDG_RUNTIME_DIR/bus` before the user's bus starts) and
/// for the test clock-offset file. One `inotify` instance per watcher; it costs no wakeups while nothing
/// happens in the directory.
///
/// Confined to `queue`.
final class FileAppearanceWatcher: @unchecked Sendable {
    /// The watched file.
    let path: String
    private let directory: String
    private let name: String
    private let queue: DispatchQueue
    private let handler: () -> Void
    private var source: (any DispatchSourceRead)?
    private var watch: Int32?
    private var inotify: Inotify?

    /// Prepares a watcher for `path`; nothing is watched until ``start()``.
    ///
    /// - Parameters:
    ///   - path: An absolute file path; its directory is watched.
    ///   - handler: Runs on `queue` after the file appeared, changed or went, and when the directory itself went
    ///     (then ``isWatching`` is `false`); several events may make one call.
    init(path: String, queue: DispatchQueue, handler: @escaping () -> Void) {
        self.path = path
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        self.directory = slash == path.startIndex ? "/" : String(path[..<slash])
        self.name = String(path[path.index(after: slash)...])
        self.queue = queue
        self.handler = handler
    }

    deinit {
        source?.cancel()
    }

    /// Whether the directory is being watched.
    var isWatching: Bool { watch != nil }

    /// Starts watching the file's directory.
    ///
    /// - Throws: ``SystemError`` when the directory cannot be watched (it does not exist, or inotify is
    ///   out of instances); the caller then falls back to retrying on a timer.
    func start() throws(SystemError) {
        dispatchPrecondition(condition: .onQueue(queue))
        guard watch == nil else { return }
        let inotify: Inotify
        if let existing = self.inotify {
            inotify = existing
        } else {
            inotify = try Inotify()
        }
        self.inotify = inotify
        if source == nil {
            let source = DispatchSource.makeReadSource(fileDescriptor: inotify.descriptor.rawValue, queue: queue)
            source.setEventHandler { [weak self] in self?.readEvents() }
            source.setCancelHandler { try? inotify.descriptor.close() }
            source.resume()
            self.source = source
        }
        watch = try inotify.watch(directory, for: [.created, .movedIn, .closedAfterWriting, .attributes, .deleted])
    }

    /// Stops watching; ``start()`` may be called again.
    func stop() {
        dispatchPrecondition(condition: .onQueue(queue))
        if let watch, let inotify { inotify.removeWatch(watch) }
        watch = nil
        // The descriptor stays open while the watcher lives, so a restart costs one `inotify_add_watch`.
    }

    private func readEvents() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard let inotify else { return }
        let events = (try? inotify.readEvents()) ?? []
        var relevant = false
        for event in events {
            if event.changes.contains(.watchEnded) && event.watch == watch {
                watch = nil
                relevant = true
            } else if event.watch == watch && event.name == name {
                relevant = true
            }
        }
        if relevant { handler() }
    }
}
