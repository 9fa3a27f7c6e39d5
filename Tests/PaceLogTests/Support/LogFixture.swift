import Glibc
import PaceCore
import PaceSystem
import PaceTestSupport
import SystemPackage

@testable import PaceLog

/// A log in a fresh temporary directory, removed when the test is done.
final class LogFixture {
    let root: TemporaryDirectory
    /// The log directory, `<root>/state/log`.
    let directory: String

    init(prefix: String = "pace-log") {
        root = TemporaryDirectory(prefix: prefix)
        directory = root.appending("state/log")
    }

    deinit {
        root.remove()
    }

    func open(_ access: EventLog.Access = .readWrite) throws -> (EventLog, RecoveryReport) {
        try EventLog.open(directory: directory, access: access)
    }

    /// The segment files' paths, oldest first.
    func segmentPaths() throws -> [String] {
        try Syscall.directoryEntries(directory).compactMap(SegmentID.init(fileName:)).sorted()
            .map { directory + "/" + $0.fileName }
    }

    func path(_ name: String) -> String { directory + "/" + name }
}

/// Small file surgery for damaging logs on purpose.
enum Files {
    static func read(_ path: String) -> [UInt8] {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        precondition(fd >= 0, "cannot open \(path): errno \(errno)")
        defer { Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            precondition(count >= 0)
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }

    /// Replaces the file's contents, keeping it private.
    static func write(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o600) {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        precondition(fd >= 0, "cannot open \(path): errno \(errno)")
        defer { Glibc.close(fd) }
        fchmod(fd, mode)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        precondition(written == bytes.count)
    }

    static func flipBit(_ path: String, offset: Int, bit: Int) {
        var bytes = read(path)
        bytes[offset] ^= UInt8(1) << UInt8(bit)
        write(path, bytes)
    }

    static func size(_ path: String) -> Int {
        (try? Syscall.lstat(path)).flatMap { $0 }.map { Int($0.size) } ?? -1
    }

    static func mode(_ path: String) -> UInt32 {
        (try? Syscall.lstat(path)).flatMap { $0 }?.permissions.rawValue ?? 0
    }

    static func isFIFO(_ path: String) -> Bool {
        (try? Syscall.lstat(path)).flatMap { $0 }?.type == .fifo
    }

    static func exists(_ path: String) -> Bool {
        (try? Syscall.lstat(path)).flatMap { $0 } != nil
    }
}

/// Midnight UTC on a day.
func instant(_ year: Int, _ month: Int, _ day: Int = 1, hour: Int64 = 0) -> Instant {
    Instant(secondsSinceEpoch: CivilDate(year: year, month: month, day: day).daysSinceEpoch * 86_400 + hour * 3600)
}

/// A compact JSON event like the daemon writes.
func event(_ number: Int, _ kind: String = "boutStarted") -> [UInt8] {
    Array(#"{"kind":"\#(kind)","n":\#(number)}"#.utf8)
}

/// The payloads of every record in the log, oldest first.
func payloads(_ log: EventLog, from position: LogPosition = .beginning) throws -> [[UInt8]] {
    try log.records(from: position).map { Array($0.payload) }
}
