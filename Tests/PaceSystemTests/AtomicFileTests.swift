import Glibc
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

@Suite struct AtomicFileTests {
    @Test func createsAPrivateFileWithItsContentsWhateverTheUmask() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let path = root.appending("file")
        let old = umask(0)
        defer { umask(old) }
        let fd = try AtomicFile.create(path, contents: Array("hello".utf8))
        // Open for writing, as the event log keeps a new segment's descriptor to append to.
        try Syscall.writeFully(fd, Array(", world".utf8), at: 5)
        try fd.close()
        let status = try #require(try Syscall.lstat(path))
        #expect(status.permissions == [.ownerReadWrite])
        #expect(status.size == 12)
        #expect(try Syscall.directoryEntries(root.path) == ["file"])
    }

    @Test func replacesAnExistingFileAndLeavesNoTemporaryFile() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let path = root.appending("file")
        try AtomicFile.create(path, contents: [UInt8](repeating: 1, count: 10_000)).close()
        try AtomicFile.create(path, contents: [2, 2]).close()
        var buffer = [UInt8](repeating: 0, count: 16)
        let fd = try Syscall.open(path, .readOnly)
        defer { try? fd.close() }
        let count = try buffer.withUnsafeMutableBytes { try Syscall.readFully(fd, into: $0, at: 0) }
        #expect(Array(buffer[..<count]) == [2, 2])
        #expect(try Syscall.directoryEntries(root.path) == ["file"])
    }

    @Test func aFailureLeavesTheOldFileAndRemovesTheTemporaryOne() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let path = root.appending("file")
        try AtomicFile.create(path, contents: [1]).close()
        // A directory where the rename must go: everything before the rename succeeds, the rename fails.
        let blocked = root.appending("blocked")
        try Syscall.mkdir(blocked, [.ownerReadWriteExecute])
        try Syscall.mkdir(blocked + "/inside", [.ownerReadWriteExecute])
        #expect(throws: SystemError.self) { try AtomicFile.create(blocked, contents: [9]) }
        #expect(try Syscall.directoryEntries(root.path).sorted() == ["blocked", "file"])
        #expect(try Syscall.lstat(path)?.size == 1)
    }
}
