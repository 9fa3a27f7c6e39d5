import Glibc
package import SystemPackage

/// The one place where errno is read: runs a raw system call, retries it on `EINTR`, and turns a
/// failure into a ``SystemError``.
///
/// Where swift-system has the call (`open`, `pread`, `pwrite`, `ftruncate`, `stat`, `pipe2`, …) it is made
/// through swift-system and only its `Errno` is turned into a ``SystemError`` here (``system(_:path:_:)``); the
/// calls swift-system 1.8 lacks (`fsync`, `fdatasync`, `fchmod`, `chmod`, `mkdir`, `unlink`, `rename`, `fcntl`,
/// directories, sockets, inotify, timerfd, `flock`, processes) are made here, through ``retrying(_:path:_:)``.
package enum Syscall {
    /// Runs `body` until it does not fail with `EINTR`.
    ///
    /// - Parameters:
    ///   - call: The C function's name, for the error message.
    ///   - path: The path involved, for the error message.
    ///   - body: The raw call; it signals failure by returning `-1` and setting `errno`.
    /// - Returns: The call's non-negative result.
    /// - Throws: ``SystemError`` with the call's `errno`.
    @inline(__always)
    package static func retrying<Result: FixedWidthInteger>(
        _ call: String,
        path: String? = nil,
        _ body: () -> Result
    ) throws(SystemError) -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = currentErrno
            if code == EINTR { continue }
            throw SystemError(call, errno: Errno(rawValue: code), path: path)
        }
    }

    /// The calling thread's `errno`.
    package static var currentErrno: CInt { errno }

    /// Runs a swift-system call and turns the `Errno` it throws into a ``SystemError`` that names `call` and `path`.
    ///
    /// swift-system retries on `EINTR` itself (its `retryOnInterrupt` defaults to `true`) and throws only `Errno`,
    /// though most of its functions declare an untyped `throws`.
    ///
    /// - Parameters:
    ///   - call: The C function's name, for the error message.
    ///   - path: The path involved, for the error message.
    ///   - body: The swift-system call.
    /// - Returns: What `body` returns.
    /// - Throws: ``SystemError`` with the call's `errno`.
    @inline(__always)
    package static func system<Result>(
        _ call: String,
        path: String? = nil,
        _ body: () throws -> Result
    ) throws(SystemError) -> Result {
        do {
            return try body()
        } catch {
            throw SystemError(call, errno: error as? Errno ?? .ioError, path: path)
        }
    }

    /// `fdatasync(2)`: makes the file's data (and the metadata needed to read it) durable.
    package static func fdatasync(_ fd: FileDescriptor, path: String? = nil) throws(SystemError) {
        _ = try retrying("fdatasync", path: path) { Glibc.fdatasync(fd.rawValue) }
    }

    /// `fsync(2)`: makes the file's data and all its metadata durable; used for directories.
    package static func fsync(_ fd: FileDescriptor, path: String? = nil) throws(SystemError) {
        _ = try retrying("fsync", path: path) { Glibc.fsync(fd.rawValue) }
    }

    /// `fchmod(2)`.
    package static func fchmod(_ fd: FileDescriptor, _ mode: FilePermissions, path: String? = nil)
        throws(SystemError)
    {
        _ = try retrying("fchmod", path: path) { Glibc.fchmod(fd.rawValue, mode.rawValue) }
    }

    /// `chmod(2)`.
    package static func chmod(_ path: String, _ mode: FilePermissions) throws(SystemError) {
        _ = try retrying("chmod", path: path) { Glibc.chmod(path, mode.rawValue) }
    }

    /// `mkdir(2)`; succeeds quietly when `path` already exists (the caller checks what it is).
    /// - Returns: `true` when this call created the directory.
    @discardableResult
    package static func mkdir(_ path: String, _ mode: FilePermissions) throws(SystemError) -> Bool {
        do {
            _ = try retrying("mkdir", path: path) { Glibc.mkdir(path, mode.rawValue) }
            return true
        } catch  where error.errno == .fileExists {
            return false
        }
    }

    /// `unlink(2)`; a path that is already gone is not an error.
    package static func unlink(_ path: String) throws(SystemError) {
        do {
            _ = try retrying("unlink", path: path) { Glibc.unlink(path) }
        } catch  where error.errno == .noSuchFileOrDirectory {
            return
        }
    }

    /// `lstat(2)`, its result as swift-system's `Stat`: information about `path` itself, not what a symbolic link
    /// points to.
    ///
    /// The C call itself, not swift-system's `Stat(_:followTargetSymlink:)`: that one goes through a
    /// `Result<stat, Errno>`, whose type the first call in a process builds at run time from its mangled name,
    /// scanning the executable's conformance records for `Errno: Error` (230,000 instructions, a sixth of what
    /// `pace status` runs, which checks its socket's directory with this).
    ///
    /// - Returns: `nil` when nothing exists at `path`.
    /// - Throws: ``SystemError`` from `lstat` for anything but `ENOENT`.
    package static func lstat(_ path: String) throws(SystemError) -> Stat? {
        var status = CInterop.Stat()
        do {
            _ = try retrying("lstat", path: path) { path.withCString { Glibc.lstat($0, &status) } }
        } catch  where error.errno == .noSuchFileOrDirectory {
            return nil
        }
        return Stat(rawValue: status)
    }

    /// `stat(2)` through swift-system's `Stat`: whether something exists at `path`, following symbolic links
    /// (what `access(path, F_OK)` tells).
    package static func exists(_ path: String) -> Bool {
        (try? Stat(FilePath(path))) != nil
    }

    /// `fstat(2)` through swift-system's `FileDescriptor.stat()`.
    ///
    /// - Parameters:
    ///   - fd: The open file.
    ///   - path: Its path, for the error message.
    /// - Throws: ``SystemError`` from `fstat`.
    package static func fstat(_ fd: FileDescriptor, path: String? = nil) throws(SystemError) -> Stat {
        do {
            return try fd.stat()
        } catch {
            throw SystemError("fstat", errno: error, path: path)
        }
    }

    /// Sets or clears `O_NONBLOCK` on `fd`.
    package static func setNonBlocking(_ fd: FileDescriptor, _ on: Bool = true) throws(SystemError) {
        let flags = try retrying("fcntl") { Glibc.fcntl(fd.rawValue, F_GETFL) }
        let wanted = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        if wanted != flags {
            _ = try retrying("fcntl") { Glibc.fcntl(fd.rawValue, F_SETFL, wanted) }
        }
    }

    /// `pipe2(2)` with `O_CLOEXEC` through swift-system's `FileDescriptor.pipe(options:)`, so no other thread's
    /// `posix_spawn` can hand the ends to a child.
    ///
    /// - Returns: The reading and the writing end.
    /// - Throws: ``SystemError`` from `pipe2` (`EMFILE` when the process is out of descriptors).
    package static func pipe() throws(SystemError) -> (read: FileDescriptor, write: FileDescriptor) {
        do {
            let ends = try FileDescriptor.pipe(options: .closeOnExec)
            return (ends.readEnd, ends.writeEnd)
        } catch {
            throw SystemError("pipe2", errno: error)
        }
    }

    /// `isatty(3)`: whether `fd` is a terminal.
    package static func isTerminal(_ fd: FileDescriptor) -> Bool {
        isatty(fd.rawValue) == 1
    }

    /// The process's real user id.
    package static var userID: UInt32 { getuid() }

    /// The process id.
    package static var processID: Int32 { getpid() }
}
