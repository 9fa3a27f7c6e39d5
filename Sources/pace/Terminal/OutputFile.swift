import Glibc
import SystemPackage

/// Text written a piece at a time, for output too large to hold whole (exports of years of events): to standard
/// output for `-`, or to a file that appears only once it is complete — written beside it under a temporary name
/// and renamed into place by ``finish()``, as ``FileOutput/write(_:to:mode:)`` writes a whole text. A file left
/// unfinished (a failure half way) is removed. The file gets `mode` (0600 unless asked otherwise) whatever the umask:
/// what `pace` writes is health data.
final class OutputFile {
    private let path: String
    /// The temporary file and its descriptor; `nil` for standard output.
    private var temporary: (path: String, descriptor: Int32)?
    /// Text written but not yet passed on.
    private var pending: [UInt8] = []
    /// About how much text is passed on at once.
    static let chunkSize = 64 * 1024

    /// Opens the output; nothing is visible at `path` until ``finish()``, which gives it `mode`.
    ///
    /// - Throws: ``CommandFailure`` (cannot create, 73).
    init(_ path: String, mode: FileMode = .ownerOnly) throws {
        self.path = path
        guard path != "-" else { return }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((directory + "." + name + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Self.failure(path, errno: errno) }
        temporary = (String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self), descriptor)
        // mkstemp makes the file 0600, the default; fchmod sets another mode whatever the umask. On failure deinit
        // removes the temporary file.
        if mode != .ownerOnly, fchmod(descriptor, mode.permissions.rawValue) != 0 {
            throw Self.failure(path, errno: errno)
        }
    }

    deinit {
        guard let temporary else { return }
        close(temporary.descriptor)
        unlink(temporary.path)
    }

    /// Writes `text` after what was written before (gathered into writes of about ``chunkSize`` bytes).
    ///
    /// - Throws: ``CommandFailure`` (cannot create, 73).
    func write(_ text: String) throws {
        pending.append(contentsOf: text.utf8)
        if pending.count >= Self.chunkSize { try drain() }
    }

    /// Writes what ``write(_:)`` gathered.
    private func drain() throws {
        defer { pending.removeAll(keepingCapacity: true) }
        guard let temporary else {
            Console.out(String(decoding: pending, as: UTF8.self))
            return
        }
        var bytes = pending[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(temporary.descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, errno: errno)
            }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Puts the file in place (renames it over `path`).
    ///
    /// - Throws: ``CommandFailure`` (cannot create, 73).
    func finish() throws {
        try drain()
        guard let temporary else { return }
        self.temporary = nil
        let closed = close(temporary.descriptor) == 0
        let error = errno
        guard closed, rename(temporary.path, path) == 0 else {
            let failure = Self.failure(path, errno: closed ? errno : error)
            unlink(temporary.path)
            throw failure
        }
    }

    /// Why `path` could not be written, in one line, from the `errno` of the call that failed.
    static func failure(_ path: String, errno: Int32) -> CommandFailure {
        let reason =
            switch errno {
            case EACCES, EPERM, EROFS: "permission denied"
            case ENOENT, ENOTDIR: "its folder does not exist"
            case ENOSPC, EDQUOT: "the disk is full"
            default: "the system refused"
            }
        return CommandFailure.cannotCreate("cannot write \(path): \(reason); choose another file")
    }
}
