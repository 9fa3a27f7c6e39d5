import SystemPackage

/// Follows what happens in one or several directories, without polling, through one `inotify` instance: files
/// that are complete (closed after writing, or renamed into place), files that go (deleted or renamed away),
/// subdirectories that appear or go, and a watched directory itself going away.
///
/// Made for folders that a sync tool (Syncthing, Nextcloud) or an app's automatic export fills: such tools write
/// a temporary name and rename it into place, so a file is reported once, when it is whole, under its final
/// name; the temporary names themselves are ignored (``NameFilter``).
///
/// Usage: create the watch with a handler, ``add(_:)`` each directory (it returns what is already there, listed
/// after the watch was in place so nothing falls between the two), and handle ``Change``s as they come. To follow
/// nested folders (`devices/<id>/`), ``add(_:)`` each subdirectory when ``Change/Kind/subdirectoryAppeared``
/// reports it (and handle the files its listing returns: they may have arrived before the watch). When
/// ``Change/Kind/eventsLost`` comes, the kernel dropped events: list the directories again. A directory that
/// another program writes in place, a file kept open and appended to (a log on a shared drive), can be added with
/// `reportingWrites`: each write is then reported too (``Change/Kind/fileWritten``), waking the process only while
/// that directory changes.
///
/// Nothing wakes the process while nothing happens in the watched directories.
@DaemonActor
package final class DirectoryWatch {
    /// One thing that happened in a watched directory.
    package struct Change: Sendable, Equatable, CustomStringConvertible {
        package enum Kind: Sendable, Equatable {
            /// A file is complete: it was closed after writing (`IN_CLOSE_WRITE`) or renamed into the directory
            /// (`IN_MOVED_TO`). A file written again (grown) is reported again.
            case fileReady
            /// A file was written to in place (`IN_MODIFY`), in a directory added with `reportingWrites`: it may
            /// still be being written; read what is whole of it. Its close after writing is ``fileReady``.
            case fileWritten
            /// A file was deleted (`IN_DELETE`) or renamed out of the directory (`IN_MOVED_FROM`).
            case fileGone
            /// A subdirectory was made or renamed into the directory; it is not watched until ``add(_:)``.
            case subdirectoryAppeared
            /// A subdirectory was deleted or renamed away.
            case subdirectoryGone
            /// The watched directory itself was deleted, renamed or unmounted: its watch ended (``name`` is
            /// empty). ``add(_:)`` it again when it comes back.
            case directoryGone
            /// The kernel's event queue overflowed: changes were lost in every directory (``directory`` and
            /// ``name`` are empty). List the directories again.
            case eventsLost
        }

        package var kind: Kind
        /// The watched directory, as given to ``add(_:)``.
        package var directory: String
        /// The file's or subdirectory's name in it.
        package var name: String

        package init(_ kind: Kind, directory: String, name: String) {
            self.kind = kind
            self.directory = directory
            self.name = name
        }

        /// `directory/name`, or the directory for changes about the directory itself.
        package var path: String { name.isEmpty ? directory : directory + "/" + name }

        package var description: String { "\(kind) \(path)" }
    }

    /// Which names are not reported: the temporary names sync tools write before renaming into place.
    package struct NameFilter: Sendable {
        /// Whether names starting with `.` are ignored (Syncthing's `.stfolder`, `.stversions`, editors' and
        /// rsync's temporary files, `.~lock` files).
        package var ignoresHiddenNames: Bool

        package init(ignoresHiddenNames: Bool = true) {
            self.ignoresHiddenNames = ignoresHiddenNames
        }

        /// Hidden names ignored, as most folders a sync tool fills want.
        package static let syncFolder = NameFilter()

        /// Whether `name` is reported.
        package func admits(_ name: String) -> Bool {
            if ignoresHiddenNames && name.hasPrefix(".") { return false }
            return !Self.isTemporary(name)
        }

        /// Whether `name` is a sync tool's name for a file still being transferred: Syncthing's
        /// `.syncthing.NAME.tmp` (and `~syncthing~NAME.tmp` on Windows-compatible folders), Nextcloud's and
        /// ownCloud's `.~NAME` and `NAME.part`, and download managers' `NAME.part`/`NAME.crdownload`.
        package static func isTemporary(_ name: String) -> Bool {
            if name.hasPrefix(".syncthing.") && name.hasSuffix(".tmp") { return true }
            if name.hasPrefix("~syncthing~") && name.hasSuffix(".tmp") { return true }
            if name.hasPrefix(".~") { return true }
            return name.hasSuffix(".part") || name.hasSuffix(".crdownload")
        }
    }

    /// What a directory holds when ``add(_:)`` watched it (names the filter admits, in no particular order).
    package struct Listing: Sendable, Equatable {
        /// Regular files (and symbolic links to them).
        package var files: [String]
        /// Subdirectories.
        package var subdirectories: [String]

        package init(files: [String], subdirectories: [String]) {
            self.files = files
            self.subdirectories = subdirectories
        }
    }

    private let inotify: Inotify
    private var ioWatch: IOWatch?
    private let filter: NameFilter
    private let handler: @DaemonActor ([Change]) -> Void
    /// The watched directories by watch, and the reverse.
    private var directoriesByWatch: [Int32: String] = [:]
    private var watchesByDirectory: [String: Int32] = [:]

    /// What a directory is watched for.
    private static let watchedChanges: Inotify.Changes = [
        .closedAfterWriting, .movedIn, .movedOut, .deleted, .created, .directoryDeleted, .directoryMoved,
    ]

    /// Creates the `inotify` instance and watches it on the loop; no directory is watched until ``add(_:)``.
    ///
    /// - Parameters:
    ///   - filter: Which names are reported.
    ///   - handler: Runs on the loop with the changes read together, oldest first.
    /// - Throws: ``SystemError`` from `inotify_init1` (`EMFILE`: out of instances) or `epoll_ctl`.
    package init(filter: NameFilter = .syncFolder, handler: @escaping @DaemonActor ([Change]) -> Void)
        throws(SystemError)
    {
        inotify = try Inotify()
        self.filter = filter
        self.handler = handler
        do {
            ioWatch = try IOWatch(inotify.descriptor, for: .readable) { [weak self] _ in self?.readEvents() }
        } catch {
            try? inotify.descriptor.close()
            throw error
        }
    }

    isolated deinit {
        ioWatch?.cancel()
        try? inotify.descriptor.close()
    }

    /// The directories watched now, as given to ``add(_:)``.
    package var directories: [String] { Array(watchesByDirectory.keys) }

    /// Whether `directory` is watched now (it was added, and has not gone since).
    package func watches(_ directory: String) -> Bool { watchesByDirectory[directory] != nil }

    /// Watches `directory` (again, if it went and came back), then lists it.
    ///
    /// - Parameters:
    ///   - directory: A directory path; changes name it exactly so.
    ///   - reportingWrites: Whether each write to a file in it is reported (``Change/Kind/fileWritten``), for a
    ///     directory whose files another program appends to in place. Adding a directory again sets it anew.
    /// - Returns: What the directory holds now. A file in it may be reported again by a change that happened
    ///   between the watch and the listing.
    /// - Throws: ``SystemError`` from `inotify_add_watch` (`ENOENT` when the directory does not exist, `ENOTDIR`,
    ///   `EACCES`, `ENOSPC` when the per-user watch limit is reached) or from listing it.
    @discardableResult
    package func add(_ directory: String, reportingWrites: Bool = false) throws(SystemError) -> Listing {
        let changes = reportingWrites ? Self.watchedChanges.union(.modified) : Self.watchedChanges
        let watch = try inotify.watch(directory, for: changes)
        // The same directory under another name (a symbolic link) shares the watch; keep the first name.
        if directoriesByWatch[watch] == nil || watchesByDirectory[directory] == watch {
            if let old = directoriesByWatch[watch] { watchesByDirectory[old] = nil }
            directoriesByWatch[watch] = directory
            watchesByDirectory[directory] = watch
        }
        return try Self.list(directory, filter: filter)
    }

    /// Stops watching `directory`; no change about it is reported any more.
    package func remove(_ directory: String) {
        guard let watch = watchesByDirectory.removeValue(forKey: directory) else { return }
        directoriesByWatch[watch] = nil
        inotify.removeWatch(watch)
    }

    /// Lists `directory`: regular files and subdirectories whose names `filter` admits.
    ///
    /// - Throws: ``SystemError`` from `opendir`/`readdir`, or `lstat` for anything but a name that went meanwhile.
    package static func list(_ directory: String, filter: NameFilter = .syncFolder) throws(SystemError) -> Listing {
        var listing = Listing(files: [], subdirectories: [])
        for name in try Syscall.directoryEntries(directory) where filter.admits(name) {
            guard let status = try Syscall.lstat(directory + "/" + name) else { continue }
            switch status.type {
            case .directory: listing.subdirectories.append(name)
            case .regular, .symbolicLink: listing.files.append(name)
            default: continue
            }
        }
        return listing
    }

    private func readEvents() {
        let events: [Inotify.Event]
        do {
            events = try inotify.readEvents()
        } catch {
            // Not expected for an inotify descriptor; report it the way lost events are, so callers list again.
            handler([Change(.eventsLost, directory: "", name: "")])
            return
        }
        var changes: [Change] = []
        for event in events {
            if event.changes.contains(.overflow) {
                changes.append(Change(.eventsLost, directory: "", name: ""))
                continue
            }
            guard let directory = directoriesByWatch[event.watch] else { continue }
            if event.changes.contains(.watchEnded) || event.changes.contains(.directoryDeleted)
                || event.changes.contains(.directoryMoved) || event.changes.contains(.unmounted)
            {
                // A moved directory keeps its watch under the new name: end it, the path no longer names it.
                if !event.changes.contains(.watchEnded) { inotify.removeWatch(event.watch) }
                directoriesByWatch[event.watch] = nil
                watchesByDirectory[directory] = nil
                changes.append(Change(.directoryGone, directory: directory, name: ""))
                continue
            }
            guard !event.name.isEmpty, filter.admits(event.name) else { continue }
            let isDirectory = event.changes.contains(.isDirectory)
            let kind: Change.Kind
            if event.changes.contains(.created) || event.changes.contains(.movedIn) {
                if isDirectory {
                    kind = .subdirectoryAppeared
                } else if event.changes.contains(.movedIn) {
                    kind = .fileReady
                } else {
                    // A file just created is not whole yet: its close after writing reports it.
                    continue
                }
            } else if event.changes.contains(.closedAfterWriting) {
                kind = .fileReady
            } else if event.changes.contains(.modified) && !isDirectory {
                kind = .fileWritten
            } else if event.changes.contains(.deleted) || event.changes.contains(.movedOut) {
                kind = isDirectory ? .subdirectoryGone : .fileGone
            } else {
                continue
            }
            changes.append(Change(kind, directory: directory, name: event.name))
        }
        if !changes.isEmpty { handler(changes) }
    }
}
