import Glibc
package import SystemPackage

extension Syscall {
    /// `open(2)` through swift-system's `FileDescriptor.open`, with `O_CLOEXEC` added: every descriptor Pace opens
    /// stays out of the programs it starts.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - mode: Reading, writing or both.
    ///   - options: `.create`, `.exclusiveCreate`, `.truncate`, `.directory`, … (`.noFollow` is the caller's
    ///     choice).
    ///   - permissions: The permissions of a file this call creates, before the umask.
    /// - Returns: The open descriptor; the caller closes it.
    /// - Throws: ``SystemError`` from `open`.
    package static func open(
        _ path: String,
        _ mode: FileDescriptor.AccessMode,
        options: FileDescriptor.OpenOptions = [],
        permissions: FilePermissions? = nil
    ) throws(SystemError) -> FileDescriptor {
        try system("open", path: path) {
            try FileDescriptor.open(
                FilePath(path), mode, options: options.union(.closeOnExec), permissions: permissions)
        }
    }

    /// `pread(2)` through swift-system's `FileDescriptor.read(fromAbsoluteOffset:into:)`, until `buffer` is full or
    /// the file ends.
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
            let count = try system("pread", path: path) {
                try fd.read(
                    fromAbsoluteOffset: offset + Int64(done),
                    into: UnsafeMutableRawBufferPointer(rebasing: buffer[done...]))
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// `pwrite(2)` through swift-system's `FileDescriptor.write(toAbsoluteOffset:_:)`, until every byte is written.
    ///
    /// A short write is continued; the error that ends it (`ENOSPC` after the disk filled up part way, say)
    /// is thrown, and the bytes written before it stay in the file: the caller undoes them. (Not swift-system's
    /// `writeAll(toAbsoluteOffset:_:)`: it would spin on a write that takes no byte and reports no error.)
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
            let count = try system("pwrite", path: path) {
                try fd.write(toAbsoluteOffset: offset + Int64(done), UnsafeRawBufferPointer(rebasing: bytes[done...]))
            }
            // A regular file never accepts zero bytes of a non-empty write without an error; guard anyway.
            if count == 0 { throw SystemError("pwrite", errno: .noSpace, path: path) }
            done += count
        }
    }

    /// `ftruncate(2)` through swift-system's `FileDescriptor.resize(to:)`.
    ///
    /// - Throws: ``SystemError`` from `ftruncate`.
    package static func ftruncate(_ fd: FileDescriptor, length: Int64, path: String? = nil) throws(SystemError) {
        try system("ftruncate", path: path) { try fd.resize(to: length) }
    }

    /// `rename(2)`: atomically replaces `destination` with `source`.
    package static func rename(_ source: String, to destination: String) throws(SystemError) {
        _ = try retrying("rename", path: destination) { Glibc.rename(source, destination) }
    }

    /// `fsync(2)` on a directory, so that files created, renamed or removed in it stay that way after a crash.
    package static func syncDirectory(_ path: String) throws(SystemError) {
        let fd = try open(path, .readOnly, options: .directory)
        defer { try? fd.close() }
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
    /// `posix_fadvise(POSIX_FADV_WILLNEED)`: asks the kernel to read `length` bytes at `offset` into the page cache in
    /// the background, where they are not there already. Returns at once; a hint, so its failure is only reported.
    @discardableResult
    package static func readAhead(_ fd: FileDescriptor, offset: Int64, length: Int) -> Bool {
        posix_fadvise(fd.rawValue, off_t(offset), off_t(length), POSIX_FADV_WILLNEED) == 0
    }

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
