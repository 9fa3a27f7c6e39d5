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
        // Released, it can be taken again. Other tests in this process spawn children: until a child's exec closes
        // the descriptors it was cloned with (O_CLOEXEC), it shares the lock's open file, so allow for that moment.
        var again: FileLock?
        for _ in 0..<200 where again == nil {
            do { again = try FileLock.acquire(path) } catch .heldByAnotherProcess { usleep(10_000) }
        }
        try #require(again).descriptor.close()
    }

    @Test func lockFileIsPrivate() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let old = umask(0)
        defer { umask(old) }
        let lock = try FileLock.acquire(root.appending("lock"))
        defer { try? lock.descriptor.close() }
        #expect(try Syscall.lstat(root.appending("lock"))?.permissions.rawValue == 0o600)
    }
}
