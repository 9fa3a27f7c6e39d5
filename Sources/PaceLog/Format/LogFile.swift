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
            fd = try Syscall.open(path, .readOnly, options: .noFollow)
        } catch  where error.errno == .noSuchFileOrDirectory {
            return nil
        } catch  where error.errno == .tooManySymbolicLinkLevels {
            throw .notPrivate(.notARegularFile(path: path), path: path)
        } catch {
            throw .readFailed(error, path: path)
        }
        defer { try? fd.close() }
        let status: Stat
        do { status = try Syscall.fstat(fd, path: path) } catch { throw .readFailed(error, path: path) }
        do { try PrivateFile.check(status, path: path) } catch { throw .notPrivate(error, path: path) }
        // Not zeroed first: the read fills it, and only the bytes read are kept (zeroing a 10-year log cost as
        // many instructions as checking all its checksums).
        var read: Result<Int, SystemError> = .success(0)
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(status.size)) { buffer, initialized in
            do throws(SystemError) {
                // The file may have shrunk since fstat (it never does while paced holds the lock).
                initialized = try Syscall.readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), at: 0, path: path)
            } catch {
                read = .failure(error)
                initialized = 0
            }
        }
        if case .failure(let error) = read { throw .readFailed(error, path: path) }
        return bytes
    }

    /// Checks that the file at `path`, if there is one, is private.
    static func checkPrivate(_ path: String) throws(LogError) {
        let status: Stat?
        do { status = try Syscall.lstat(path) } catch { throw .readFailed(error, path: path) }
        guard let status else { return }
        do { try PrivateFile.check(status, path: path) } catch { throw .notPrivate(error, path: path) }
    }
}
