import Glibc
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

/// `fdatasync` left to the kernel (Linux AIO): started, collected, and done at once where the kernel cannot.
@Suite struct BackgroundDataSyncTests {
    @Test func aSyncIsStartedAndCollected() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.appending("data")
        let descriptor = try Syscall.open(path, .readWrite, options: [.create], permissions: [.ownerReadWrite])
        defer { try? descriptor.close() }
        let sync = BackgroundDataSync()
        #expect(try sync.collect(waiting: false))
        for round in 0..<3 {
            try Syscall.writeFully(descriptor, Array("round \(round)\n".utf8), at: Int64(round * 8), path: path)
            // Each start collects the one before it: one in flight at a time (none where the kernel cannot, and the
            // start was a plain fdatasync).
            try sync.start(descriptor, path: path)
            #expect(sync.isInFlight == BackgroundDataSync.isAvailable)
        }
        #expect(try sync.collect(waiting: true))
        #expect(!sync.isInFlight)
        #expect(try sync.collect(waiting: false))
    }

    @Test func whereTheKernelCannotTheSyncIsDoneAtOnce() throws {
        // A pipe has no fsync: the kernel refuses the request, and the plain fdatasync's error is thrown at once.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { for end in ends { close(end) } }
        let sync = BackgroundDataSync()
        let failure = #expect(throws: SystemError.self) {
            try sync.start(FileDescriptor(rawValue: ends[1]), path: "pipe")
        }
        #expect(failure?.call == "fdatasync")
        #expect(failure?.errno == .invalidArgument)
        #expect(!sync.isInFlight)
    }
}
