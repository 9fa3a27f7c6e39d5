import Glibc
package import SystemPackage

/// An `inotify` instance: tells when files appear, change or go in directories it watches.
///
/// The descriptor is non-blocking and close-on-exec; watch it with the event loop (``IOWatch``) and call
/// ``readEvents()`` when it becomes readable.
package struct Inotify: Sendable {
    /// The instance's descriptor; the owner closes it (after cancelling any watch on it).
    package let descriptor: FileDescriptor

    /// What happened to a file (a subset of the `IN_*` masks).
    package struct Changes: OptionSet, Sendable, Hashable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }

        /// A file was created in the directory (`IN_CREATE`; also a socket's `bind`).
        package static let created = Changes(rawValue: UInt32(IN_CREATE))
        /// A file in the directory was written to (`IN_MODIFY`: every write, so only for directories others write).
        package static let modified = Changes(rawValue: UInt32(IN_MODIFY))
        /// A file was renamed into the directory (`IN_MOVED_TO`).
        package static let movedIn = Changes(rawValue: UInt32(IN_MOVED_TO))
        /// A file opened for writing was closed (`IN_CLOSE_WRITE`).
        package static let closedAfterWriting = Changes(rawValue: UInt32(IN_CLOSE_WRITE))
        /// A file's metadata changed (`IN_ATTRIB`).
        package static let attributes = Changes(rawValue: UInt32(IN_ATTRIB))
        /// A file was deleted from the directory (`IN_DELETE`).
        package static let deleted = Changes(rawValue: UInt32(IN_DELETE))
        /// A file was renamed out of the directory (`IN_MOVED_FROM`).
        package static let movedOut = Changes(rawValue: UInt32(IN_MOVED_FROM))
        /// The watched directory itself was deleted (`IN_DELETE_SELF`).
        package static let directoryDeleted = Changes(rawValue: UInt32(IN_DELETE_SELF))
        /// The watched directory itself was renamed (`IN_MOVE_SELF`); the watch follows it to its new name.
        package static let directoryMoved = Changes(rawValue: UInt32(IN_MOVE_SELF))
        /// The file system holding the watched directory was unmounted (`IN_UNMOUNT`; only reported).
        package static let unmounted = Changes(rawValue: UInt32(IN_UNMOUNT))
        /// The watch itself ended: the directory was removed or unmounted (`IN_IGNORED`; only reported).
        package static let watchEnded = Changes(rawValue: UInt32(IN_IGNORED))
        /// The kernel's queue overflowed and events were lost (`IN_Q_OVERFLOW`, on watch -1; only reported).
        package static let overflow = Changes(rawValue: UInt32(IN_Q_OVERFLOW))
        /// The event is about a directory in the watched one (`IN_ISDIR`; only reported).
        package static let isDirectory = Changes(rawValue: UInt32(IN_ISDIR))
    }

    /// One event from ``readEvents()``.
    package struct Event: Sendable, Equatable {
        /// The watch it belongs to, as returned by ``watch(_:for:)``.
        package var watch: Int32
        /// What happened.
        package var changes: Changes
        /// The file's name inside the watched directory; empty for events about the directory itself.
        package var name: String
    }

    /// Creates an instance with `inotify_init1(IN_NONBLOCK | IN_CLOEXEC)`.
    ///
    /// - Throws: ``SystemError`` from `inotify_init1` (`EMFILE` when the per-user instance limit is reached).
    package init() throws(SystemError) {
        let raw = try Syscall.retrying("inotify_init1") { inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
        descriptor = FileDescriptor(rawValue: raw)
    }

    /// Watches the directory `path` for `changes` to the files in it (`inotify_add_watch` with `IN_ONLYDIR`).
    ///
    /// - Returns: The watch, which events carry.
    /// - Throws: ``SystemError`` from `inotify_add_watch`: `ENOENT` when the directory does not exist.
    package func watch(_ path: String, for changes: Changes) throws(SystemError) -> Int32 {
        let mask = changes.rawValue | UInt32(IN_ONLYDIR)
        return try Syscall.retrying("inotify_add_watch", path: path) {
            inotify_add_watch(descriptor.rawValue, path, mask)
        }
    }

    /// Stops a watch; a watch that already ended is not an error.
    package func removeWatch(_ watch: Int32) {
        _ = inotify_rm_watch(descriptor.rawValue, watch)
    }

    /// Reads every pending event without blocking.
    ///
    /// - Returns: The events, oldest first; empty when none are pending.
    /// - Throws: ``SystemError`` from `read` for anything but `EAGAIN`.
    package func readEvents() throws(SystemError) -> [Event] {
        var events: [Event] = []
        // Room for many events with names up to NAME_MAX, as inotify(7) advises.
        var buffer = [UInt8](repeating: 0, count: 16 * (16 + Int(NAME_MAX) + 1))
        while true {
            let count: Int
            do {
                count = try Syscall.system("read") {
                    try buffer.withUnsafeMutableBytes { try descriptor.read(into: $0) }
                }
            } catch  where error.errno == .resourceTemporarilyUnavailable {
                return events
            }
            if count <= 0 { return events }
            events += Self.parse(buffer[..<count])
        }
    }

    /// Splits a buffer of `struct inotify_event` records (`wd`, `mask`, `cookie`, `len`, then `len` bytes of
    /// NUL-padded name), in the machine's byte order.
    static func parse(_ bytes: ArraySlice<UInt8>) -> [Event] {
        bytes.withUnsafeBytes { raw in
            var events: [Event] = []
            var offset = 0
            while offset + 16 <= raw.count {
                let watch = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                let mask = raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                let nameLength = Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                let nameStart = offset + 16
                guard nameStart + nameLength <= raw.count else { break }
                let name = raw[nameStart..<nameStart + nameLength].prefix { $0 != 0 }
                events.append(
                    Event(watch: watch, changes: Changes(rawValue: mask), name: String(decoding: name, as: UTF8.self)))
                offset = nameStart + nameLength
            }
            return events
        }
    }
}
