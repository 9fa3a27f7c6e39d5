import PaceSystem
import SystemPackage

/// Reading the log's files: whole, and only after checking that they are what the log writes (regular files of a
/// sane size) and that nobody else can read or write them.
enum LogFile {
    /// The largest segment or snapshot file the log reads. A segment holds one month (a few hundred kilobytes; an
    /// import of ten busy years, 200,000 events, some 40 MB), and it is read whole: a file past this is not one the
    /// log wrote, and reading it would take the memory of its size (a sparse file of 32 GiB costs no disk).
    static let maximumSize: Int64 = 1 << 30

    /// What a file of the log holds.
    enum Contents {
        /// Nothing exists at the path.
        case missing
        /// Something the log never writes sits there (``maximumSize``, not a regular file); it was not opened
        /// for reading. `reason` completes a sentence that starts with the path: `is a FIFO, not a regular file`.
        case unusable(reason: String)
        /// The file's bytes.
        case bytes([UInt8])
    }

    /// The bytes of the private file at `path`, or `nil` when it does not exist.
    ///
    /// - Throws: ``LogError``: `.unusableFile` for something other than a regular file or a file over
    ///   ``maximumSize``, and what ``read(_:)`` throws.
    static func readPrivate(_ path: String, range: Range<Int>? = nil) throws(LogError) -> [UInt8]? {
        switch try read(path, range: range) {
        case .missing: return nil
        case .unusable(let reason): throw .unusableFile(path: path, reason: reason)
        case .bytes(let bytes): return bytes
        }
    }

    /// What the private file at `path` holds.
    ///
    /// Nothing that is not a regular file is ever opened for reading: the path is looked at first (`lstat`), and
    /// the open that follows neither blocks (`O_NONBLOCK`, in case a FIFO took the file's place meanwhile) nor
    /// follows a symbolic link (`O_NOFOLLOW`); the open file is checked again (`fstat`) before it is read.
    ///
    /// - Parameters:
    ///   - range: The bytes to read (those of it the file holds); `nil` reads the whole file.
    ///   - requirePrivate: Whether a file others may read or write is refused (`false` for another device's files
    ///     in a sync folder, whose modes the sync tool sets).
    /// - Throws: ``LogError`` with code `.notPrivate` for a file others may read or write, or a system error when
    ///   it cannot be read.
    static func read(_ path: String, range: Range<Int>? = nil, requirePrivate: Bool = true) throws(LogError)
        -> Contents
    {
        try readSized(path, range: range, requirePrivate: requirePrivate).contents
    }

    /// What ``read(_:range:requirePrivate:)`` returns, and the file's size when it was read (0 when it was not).
    static func readSized(_ path: String, range: Range<Int>? = nil, requirePrivate: Bool = true) throws(LogError)
        -> (contents: Contents, size: Int)
    {
        let linked: Stat?
        do { linked = try Syscall.lstat(path) } catch { throw .readFailed(error, path: path) }
        guard let linked else { return (.missing, 0) }
        if let reason = unusableReason(linked) { return (.unusable(reason: reason), 0) }
        let fd: FileDescriptor
        do {
            // O_NOFOLLOW: a symbolic link in the data directory could point a write somewhere else.
            fd = try Syscall.open(path, .readOnly, options: [.noFollow, .nonBlocking])
        } catch  where error.errno == .noSuchFileOrDirectory {
            return (.missing, 0)
        } catch  where error.errno == .tooManySymbolicLinkLevels {
            return (.unusable(reason: "is a symbolic link, not a regular file"), 0)
        } catch {
            throw .readFailed(error, path: path)
        }
        defer { try? fd.close() }
        let status: Stat
        do { status = try Syscall.fstat(fd, path: path) } catch { throw .readFailed(error, path: path) }
        if let reason = unusableReason(status) { return (.unusable(reason: reason), 0) }
        if requirePrivate {
            do { try PrivateFile.check(status, path: path) } catch { throw .notPrivate(error, path: path) }
        }
        // Not zeroed first: the read fills it, and only the bytes read are kept (zeroing a 10-year log cost as
        // many instructions as checking all its checksums).
        let wanted = (range ?? 0..<Int(status.size)).clamped(to: 0..<Int(status.size))
        var read: Result<Int, SystemError> = .success(0)
        let bytes = [UInt8](unsafeUninitializedCapacity: wanted.count) { buffer, initialized in
            do throws(SystemError) {
                // The file may have shrunk since fstat (it never does while paced holds the lock).
                initialized = try Syscall.readFully(
                    fd, into: UnsafeMutableRawBufferPointer(buffer), at: Int64(wanted.lowerBound), path: path)
            } catch {
                read = .failure(error)
                initialized = 0
            }
        }
        if case .failure(let error) = read { throw .readFailed(error, path: path) }
        return (.bytes(bytes), Int(status.size))
    }

    /// Checks that the regular file at `path`, if there is one, is private. (Something else there is never read:
    /// ``read(_:)`` says what it is.)
    static func checkPrivate(_ path: String) throws(LogError) {
        let status: Stat?
        do { status = try Syscall.lstat(path) } catch { throw .readFailed(error, path: path) }
        guard let status, status.type == .regular else { return }
        do { try PrivateFile.check(status, path: path) } catch { throw .notPrivate(error, path: path) }
    }

    /// Why the log would not have written a file of this status: anything but a regular file, or one over
    /// ``maximumSize``; `nil` when it could have.
    private static func unusableReason(_ status: Stat) -> String? {
        guard status.type == .regular else { return "is \(describe(status.type)), not a regular file" }
        guard status.size <= maximumSize else {
            return "is \(describe(size: status.size)), more than a log file may be (1 GiB)"
        }
        return nil
    }

    /// `a FIFO`, `a directory`, … for a message.
    private static func describe(_ type: FileType) -> String {
        switch type {
        case .directory: "a directory"
        case .symbolicLink: "a symbolic link"
        case .fifo: "a FIFO"
        case .socket: "a socket"
        case .characterSpecial: "a character device"
        case .blockSpecial: "a block device"
        default: "a special file"
        }
    }

    /// `32 GiB`, `1.5 GiB` (tenths cut off).
    private static func describe(size: Int64) -> String {
        let (whole, tenth) = (size >> 30, ((size & ((1 << 30) - 1)) * 10) >> 30)
        return tenth == 0 ? "\(whole) GiB" : "\(whole).\(tenth) GiB"
    }
}
