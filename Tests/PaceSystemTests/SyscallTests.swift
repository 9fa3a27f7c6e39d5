import Glibc
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

@Suite struct SyscallTests {
    @Test func lstatDescribesALinkItselfAndIsNilForNothing() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let file = root.appending("file")
        let fd = try Syscall.open(
            file, .writeOnly, options: [.create, .exclusiveCreate], permissions: [.ownerReadWrite])
        try Syscall.writeFully(fd, Array("hello".utf8), at: 0)
        try fd.close()
        let link = root.appending("link")
        #expect(symlink(file, link) == 0)

        let status = try #require(try Syscall.lstat(file))
        #expect(status.type == .regular)
        #expect(status.size == 5)
        #expect(status.userID.rawValue == Syscall.userID)
        #expect(try Syscall.lstat(link)?.type == .symbolicLink)
        #expect(try Syscall.lstat(root.appending("missing")) == nil)
        #expect(Syscall.exists(link))
        #expect(!Syscall.exists(root.appending("missing")))
    }

    @Test func anErrorNamesTheCallThePathAndTheErrno() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let missing = root.appending("missing/file")
        #expect(throws: SystemError("open", errno: .noSuchFileOrDirectory, path: missing)) {
            try Syscall.open(missing, .readOnly)
        }
        let file = root.appending("file")
        try Syscall.open(file, .writeOnly, options: .create, permissions: [.ownerReadWrite]).close()
        #expect(throws: SystemError("lstat", errno: .notDirectory, path: file + "/below")) {
            try Syscall.lstat(file + "/below")
        }
    }

    @Test func readFullyAndWriteFullyWorkAtAnOffsetAndReadStopsAtTheEnd() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let path = root.appending("file")
        let fd = try Syscall.open(path, .readWrite, options: .create, permissions: [.ownerReadWrite])
        defer { try? fd.close() }
        try Syscall.writeFully(fd, Array("0123456789".utf8), at: 0)
        try Syscall.writeFully(fd, Array("abc".utf8), at: 4)
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = try buffer.withUnsafeMutableBytes { try Syscall.readFully(fd, into: $0, at: 2) }
        #expect(String(decoding: buffer[..<count], as: UTF8.self) == "23abc789")
        try Syscall.ftruncate(fd, length: 3)
        #expect(try Syscall.fstat(fd).size == 3)
    }

    @Test func pipeEndsAreCloseOnExecAndCarryBytes() throws {
        let (read, write) = try Syscall.pipe()
        defer {
            try? read.close()
            try? write.close()
        }
        for end in [read, write] {
            #expect(fcntl(end.rawValue, F_GETFD) & FD_CLOEXEC != 0)
        }
        try write.writeAll(Array("x".utf8))
        var byte = [UInt8](repeating: 0, count: 1)
        #expect(try byte.withUnsafeMutableBytes { try read.read(into: $0) } == 1)
        #expect(byte == Array("x".utf8))
    }

    @Test func sleepWaitsAtLeastAsLongAsAsked() {
        let started = Clocks.monotonicNanoseconds()
        Clocks.sleep(milliseconds: 30)
        #expect(Clocks.monotonicNanoseconds() - started >= 30_000_000)
    }
}
