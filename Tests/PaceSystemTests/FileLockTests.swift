import Glibc
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

@Suite struct FileLockTests {
    @Test func secondLockOnTheSameFileFailsAndNamesTheHolder() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let path = root.appending("lock")
        let held = try FileLock.acquire(path)
        // flock locks belong to the open file description, so a second open in this process conflicts too.
        #expect(throws: FileLock.Failure.heldByAnotherProcess(pid: getpid())) {
            _ = try FileLock.acquire(path)
        }
        try held.descriptor.close()
        let again = try FileLock.acquire(path)
        try again.descriptor.close()
    }

    @Test func lockFileIsPrivate() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let old = umask(0)
        defer { umask(old) }
        let lock = try FileLock.acquire(root.appending("lock"))
        defer { try? lock.descriptor.close() }
        #expect(try Syscall.lstat(root.appending("lock"))?.permissions == 0o600)
    }
}
