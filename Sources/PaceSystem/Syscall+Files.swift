import Glibc
package import SystemPackage

extension Syscall {
    /// `open(2)` with `O_CLOEXEC` added: every descriptor Pace opens stays out of the programs it starts.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - flags: `O_RDONLY`, `O_WRONLY | O_CREAT | O_EXCL`, … (`O_NOFOLLOW` is the caller's choice).
    ///   - mode: The permissions of a file this call creates, before the umask.
    /// - Returns: The open descriptor; the caller closes it.
    /// - Throws: ``SystemError`` from `open`.
    package static func open(
        _ path: String,
        _ flags: Int32,
        mode: FilePermissions = [.ownerReadWrite]
    ) throws(SystemError) -> FileDescriptor {
        let raw = try retrying("open", path: path) { Glibc.open(path, flags | O_CLOEXEC, mode.rawValue) }
        return FileDescriptor(rawValue: raw)
    }

    /// `close(2)`. Errors are ignored: the descriptor is gone either way, and Pace never relies on `close`
    /// to report a write error (it syncs before it closes).
    package static func close(_ fd: FileDescriptor) {
        _ = Glibc.close(fd.rawValue)
    }

    /// `pread(2)` until `buffer` is full or the file ends.
    ///
    /// - Returns: How many bytes were read; fewer than `buffer.count` only at the end of the file.
    /// - Throws: ``SystemError`` from `pread`.
    package static func readFully(
        _ fd: FileDescriptor,
        into buffer: UnsafeMutableRawBufferPointer,
        at offset: Int64,
        path: String? = nil
    ) throws(SystemError) -> Int {
        var done = 0
        while done < buffer.count {
            let count = try retrying("pread", path: path) {
                Glibc.pread(fd.rawValue, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// `pwrite(2)` until every byte is written.
    ///
    /// A short write is continued; the error that ends it (`ENOSPC` after the disk filled up part way, say)
    /// is thrown, and the bytes written before it stay in the file: the caller undoes them.
    ///
    /// - Throws: ``SystemError`` from `pwrite`.
    package static func writeFully(
        _ fd: FileDescriptor,
        _ bytes: UnsafeRawBufferPointer,
        at offset: Int64,
        path: String? = nil
    ) throws(SystemError) {
        var done = 0
        while done < bytes.count {
            let count = try retrying("pwrite", path: path) {
                Glibc.pwrite(fd.rawValue, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            }
            // A regular file never accepts zero bytes of a non-empty write without an error; guard anyway.
            if count == 0 { throw SystemError("pwrite", errno: .noSpace, path: path) }
            done += count
        }
    }

    /// `ftruncate(2)`.
    package static func ftruncate(_ fd: FileDescriptor, length: Int64, path: String? = nil) throws(SystemError) {
        _ = try retrying("ftruncate", path: path) { Glibc.ftruncate(fd.rawValue, off_t(length)) }
    }

    /// `rename(2)`: atomically replaces `destination` with `source`.
    package static func rename(_ source: String, to destination: String) throws(SystemError) {
        _ = try retrying("rename", path: destination) { Glibc.rename(source, destination) }
    }

    /// `fsync(2)` on a directory, so that files created, renamed or removed in it stay that way after a crash.
    package static func syncDirectory(_ path: String) throws(SystemError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    /// The names in a directory (`opendir(3)`, `readdir(3)`), without `.` and `..`, in no particular order.
    ///
    /// - Throws: ``SystemError`` from `opendir` or `readdir`.
    package static func directoryEntries(_ path: String) throws(SystemError) -> [String] {
        guard let directory = Glibc.opendir(path) else {
            throw SystemError("opendir", errno: Errno(rawValue: currentErrno), path: path)
        }
        defer { Glibc.closedir(directory) }
        var names: [String] = []
        while true {
            // readdir signals an error only through errno, and leaves it alone at the end of the directory.
            Glibc.errno = 0
            guard let entry = Glibc.readdir(directory) else {
                let code = currentErrno
                if code != 0 { throw SystemError("readdir", errno: Errno(rawValue: code), path: path) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
    }
}

extension Syscall {
    /// ``writeFully(_:_:at:path:)-(_,UnsafeRawBufferPointer,_,_)`` for an array of bytes.
    package static func writeFully(
        _ fd: FileDescriptor,
        _ bytes: [UInt8],
        at offset: Int64,
        path: String? = nil
    ) throws(SystemError) {
        let failure = bytes.withUnsafeBytes { (raw) -> SystemError? in
            do throws(SystemError) {
                try writeFully(fd, raw, at: offset, path: path)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}
