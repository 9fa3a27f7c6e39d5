import CPaceSystem
package import SystemPackage

/// An `fdatasync` the kernel does while the caller goes on: Linux AIO's `IOCB_CMD_FDSYNC`, run on a kernel worker,
/// its result collected later. A thread that calls `fdatasync(2)` itself sleeps until the disk has the data, often
/// several times (the data written back, the journal committed, the cache flushed); a daemon loop that writes a
/// little every minute between other work then wakes for the disk besides its work. With this it does not.
///
/// One sync is in flight at a time: ``start(_:path:)`` collects the one before, waiting for it if need be. The
/// data is as durable as with `fdatasync` once the sync is collected without an error; until then a power cut can
/// lose it, as it could have a moment earlier with `fdatasync`. A crash of the process loses nothing: the data is
/// in the page cache and the kernel finishes the sync without the process.
///
/// Where the kernel cannot (before Linux 4.18 it has no AIO sync; a file system without `fsync`; a system call filter
/// without `io_setup`), ``start(_:path:)`` calls `fdatasync` itself, as before: the same durability, with the waits.
package final class BackgroundDataSync {
    private enum Context {
        /// Nothing asked yet: the context is made on the first sync (an `io_setup` ring is a page of memory).
        case unmade
        case made(UInt64)
        /// `io_setup` failed: every sync is a plain `fdatasync`.
        case unavailable
    }

    private var context = Context.unmade
    /// The sync in flight: its file's path, for the error.
    private var inFlight: String?

    package init() {}

    /// Whether this kernel and this process can have syncs done in the background (an AIO context can be made): where
    /// not, every ``start(_:path:)`` is a plain `fdatasync`.
    package static let isAvailable: Bool = {
        var context: UInt64 = 0
        guard CPaceSystem_aio_setup(&context) == 0 else { return false }
        _ = CPaceSystem_aio_destroy(context)
        return true
    }()

    deinit {
        // Waits for a sync still in flight (the kernel would finish it anyway), then frees the ring.
        if case .made(let context) = context { _ = CPaceSystem_aio_destroy(context) }
    }

    /// Whether a sync started by ``start(_:path:)`` has not been collected yet.
    package var isInFlight: Bool { inFlight != nil }

    /// Starts a data sync of `descriptor` (the kernel keeps its own reference to the file until the sync is done). The
    /// sync before it, if any, is collected first, waiting for it.
    ///
    /// - Throws: ``SystemError`` of the sync before (then this one is not started), or of an `fdatasync` done here
    ///   where the kernel cannot do it in the background.
    package func start(_ descriptor: FileDescriptor, path: String) throws(SystemError) {
        try collect(waiting: true)
        if case .unmade = context {
            var made: UInt64 = 0
            context = CPaceSystem_aio_setup(&made) == 0 ? .made(made) : .unavailable
        }
        if case .made(let context) = context, CPaceSystem_aio_submit_fdsync(context, descriptor.rawValue) == 0 {
            inFlight = path
            return
        }
        try Syscall.fdatasync(descriptor, path: path)
    }

    /// Collects the sync in flight, if there is one: waits for it when `waiting`, else returns `false` when it is not
    /// done yet. `true` when none is in flight any more.
    ///
    /// - Throws: ``SystemError`` (as `fdatasync`'s) when the sync failed: the data it was for may not be on the disk.
    @discardableResult
    package func collect(waiting: Bool) throws(SystemError) -> Bool {
        guard let path = inFlight, case .made(let context) = context else { return true }
        var result: Int64 = 0
        switch CPaceSystem_aio_collect(context, waiting ? 1 : 0, &result) {
        case 1:
            inFlight = nil
            if result < 0 { throw SystemError("fdatasync", errno: Errno(rawValue: CInt(-result)), path: path) }
            return true
        case 0:
            return false
        default:
            // The context cannot be read (short of a bug, it cannot fail so): the sync's outcome is unknown, and its
            // event, if it comes, is taken by the next collect as that one's (a wrong answer at worst, never a wait).
            let code = Syscall.currentErrno
            inFlight = nil
            throw SystemError("io_getevents", errno: Errno(rawValue: code), path: path)
        }
    }
}
