internal import CPaceSystem
import Glibc
package import SystemPackage

/// The one place where errno is read: runs a raw system call, retries it on `EINTR`, and turns a
/// failure into a ``SystemError``.
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

    /// `lstat(2)`: information about `path` itself, not what a symbolic link points to.
    /// - Returns: `nil` when nothing exists at `path`.
    package static func lstat(_ path: String) throws(SystemError) -> FileStatus? {
        var info = Glibc.stat()
        do {
            _ = try retrying("lstat", path: path) { Glibc.lstat(path, &info) }
        } catch  where error.errno == .noSuchFileOrDirectory {
            return nil
        }
        return FileStatus(info)
    }

    /// `fstat(2)`.
    package static func fstat(_ fd: FileDescriptor, path: String? = nil) throws(SystemError) -> FileStatus {
        var info = Glibc.stat()
        _ = try retrying("fstat", path: path) { Glibc.fstat(fd.rawValue, &info) }
        return FileStatus(info)
    }

    /// Sets or clears `O_NONBLOCK` on `fd`.
    package static func setNonBlocking(_ fd: FileDescriptor, _ on: Bool = true) throws(SystemError) {
        let flags = try retrying("fcntl") { Glibc.fcntl(fd.rawValue, F_GETFL) }
        let wanted = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        if wanted != flags {
            _ = try retrying("fcntl") { Glibc.fcntl(fd.rawValue, F_SETFL, wanted) }
        }
    }

    /// `pipe2(2)` with `O_CLOEXEC`, so no other thread's `posix_spawn` can hand the ends to a child.
    /// - Returns: The reading and the writing end.
    package static func pipe() throws(SystemError) -> (read: FileDescriptor, write: FileDescriptor) {
        var ends: [Int32] = [0, 0]
        _ = try retrying("pipe2") { ends.withUnsafeMutableBufferPointer { CPaceSystem_pipe_cloexec($0.baseAddress!) } }
        return (FileDescriptor(rawValue: ends[0]), FileDescriptor(rawValue: ends[1]))
    }

    /// The process's real user id.
    package static var userID: UInt32 { getuid() }

    /// The process id.
    package static var processID: Int32 { getpid() }
}

/// The parts of `struct stat` Pace looks at.
package struct FileStatus: Sendable, Equatable {
    /// What kind of file it is.
    package enum Kind: Sendable, Equatable {
        case regular, directory, symbolicLink, socket, other
    }

    package var kind: Kind
    /// The permission bits (`st_mode & 07777`).
    package var permissions: UInt32
    /// The owner's user id.
    package var ownerID: UInt32
    /// The size in bytes.
    package var size: Int64

    init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        case S_IFSOCK: kind = .socket
        default: kind = .other
        }
        permissions = info.st_mode & 0o7777
        ownerID = info.st_uid
        size = Int64(info.st_size)
    }
}
