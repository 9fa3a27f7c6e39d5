import Glibc
import PaceSystem
import SystemPackage

/// Reading the log's files: whole, and only after checking that nobody else can read or write them.
enum LogFile {
    /// The bytes of the private file at `path`, or `nil` when it does not exist.
    ///
    /// - Throws: ``LogError`` when the file is not private or cannot be read.
    static func readPrivate(_ path: String) throws(LogError) -> [UInt8]? {
        let fd: FileDescriptor
        do {
            // O_NOFOLLOW: a symbolic link in the data directory could point a write somewhere else.
            fd = try Syscall.open(path, O_RDONLY | O_NOFOLLOW)
        } catch  where error.errno == .noSuchFileOrDirectory {
            return nil
        } catch  where error.errno == .tooManySymbolicLinkLevels {
            throw .notPrivate(.notARegularFile(path: path), path: path)
        } catch {
            throw .readFailed(error, path: path)
        }
        defer { Syscall.close(fd) }
        let status: FileStatus
        do { status = try Syscall.fstat(fd, path: path) } catch { throw .readFailed(error, path: path) }
        do { try PrivateFile.check(status, path: path) } catch { throw .notPrivate(error, path: path) }
        var bytes = [UInt8](repeating: 0, count: Int(status.size))
        let read: Result<Int, SystemError> = bytes.withUnsafeMutableBytes { buffer in
            do throws(SystemError) {
                return .success(try Syscall.readFully(fd, into: buffer, at: 0, path: path))
            } catch {
                return .failure(error)
            }
        }
        switch read {
        case .success(let count):
            // The file may have shrunk since fstat (it never does while paced holds the lock).
            if count < bytes.count { bytes.removeLast(bytes.count - count) }
            return bytes
        case .failure(let error):
            throw .readFailed(error, path: path)
        }
    }

    /// Checks that the file at `path`, if there is one, is private.
    static func checkPrivate(_ path: String) throws(LogError) {
        let status: FileStatus?
        do { status = try Syscall.lstat(path) } catch { throw .readFailed(error, path: path) }
        guard let status else { return }
        do { try PrivateFile.check(status, path: path) } catch { throw .notPrivate(error, path: path) }
    }
}
