internal import CPaceSystem
import Glibc
package import SystemPackage

/// An exclusive `flock(2)` on a file, held for as long as the process keeps the descriptor open.
///
/// The holder writes its pid into the file, so a second process can say who holds the lock.
package struct FileLock: Sendable {
    /// The open, locked lock file. Closing it releases the lock.
    package let descriptor: FileDescriptor
    /// Where the lock file lives.
    package let path: String

    /// Why a lock could not be taken.
    package enum Failure: Error, Equatable {
        /// Another process holds the lock; `pid` is what it wrote into the file, when readable.
        case heldByAnotherProcess(pid: Int32?)
        /// The lock file could not be opened or locked.
        case system(SystemError)
    }

    /// Opens (creating with mode 0600) and exclusively locks `path` without waiting.
    ///
    /// - Parameter path: The lock file.
    /// - Returns: The held lock; the caller keeps it alive for the life of the process.
    /// - Throws: ``Failure/heldByAnotherProcess(pid:)`` when another process holds it, ``Failure/system(_:)``
    ///   when the file cannot be opened.
    package static func acquire(_ path: String) throws(Failure) -> FileLock {
        let fd: FileDescriptor
        do {
            fd = try Syscall.open(path, .readWrite, options: [.create, .noFollow], permissions: [.ownerReadWrite])
        } catch {
            throw .system(error)
        }
        do {
            _ = try Syscall.retrying("flock", path: path) { CPaceSystem_flock(fd.rawValue, LOCK_EX | LOCK_NB) }
        } catch {
            let pid = error.errno == .wouldBlock ? readPID(fd) : nil
            try? fd.close()
            if error.errno == .wouldBlock { throw .heldByAnotherProcess(pid: pid) }
            throw .system(error)
        }
        do {
            try Syscall.fchmod(fd, [.ownerRead, .ownerWrite], path: path)
            try Syscall.ftruncate(fd, length: 0, path: path)
            try Syscall.writeFully(fd, Array("\(Syscall.processID)\n".utf8), at: 0, path: path)
        } catch {
            // The lock is ours even if the pid could not be recorded; that only costs a nicer message.
        }
        return FileLock(descriptor: fd, path: path)
    }

    private static func readPID(_ fd: FileDescriptor) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let read = buffer.withUnsafeMutableBytes { raw in
            Result { () throws(SystemError) in try Syscall.readFully(fd, into: raw, at: 0) }
        }
        guard let count = try? read.get(), count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        return Int32(text.split(whereSeparator: { $0 == "\n" }).first ?? "")
    }
}
