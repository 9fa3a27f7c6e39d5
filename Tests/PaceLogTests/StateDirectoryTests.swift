import PaceLog
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

@Suite struct StateDirectoryTests {
    @Test func secondOpenIsRefusedWithTheLockPathAndHolder() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let path = root.appending("state/pace")
        let first = try StateDirectory.open(path)
        defer { try? first.lock.descriptor.close() }
        #expect(try Syscall.lstat(path)?.permissions.rawValue == 0o700)
        do {
            _ = try StateDirectory.open(path)
            Issue.record("a second open succeeded")
        } catch {
            #expect(error == .locked(lockPath: path + "/paced.lock", holder: Syscall.processID))
            #expect(error.description.contains(path + "/paced.lock"))
        }
    }
}
