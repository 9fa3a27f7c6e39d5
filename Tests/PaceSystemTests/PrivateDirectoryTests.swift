import FoundationEssentials
import Glibc
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

@Suite struct PrivateDirectoryTests {
    private func permissions(_ path: String) throws -> UInt32 {
        try #require(try Syscall.lstat(path)).permissions.rawValue
    }

    @Test func createsMissingDirectoryAndParentsWithMode700EvenUnderAPermissiveUmask() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let target = root.appending("a/b/pace")
        let old = umask(0)
        defer { umask(old) }
        try PrivateDirectory.prepare(target, createParents: true)
        #expect(try permissions(target) == 0o700)
        #expect(try permissions(root.appending("a")) == 0o700)
        #expect(try permissions(root.appending("a/b")) == 0o700)
    }

    @Test func refusesADirectoryOthersCanEnterAndSaysHowToFixIt() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let target = root.appending("open")
        mkdir(target, 0o755)
        chmod(target, 0o755)
        #expect(throws: PrivateDirectory.Problem.accessibleToOthers(path: target, mode: 0o755)) {
            try PrivateDirectory.prepare(target, createParents: false)
        }
        let message = PrivateDirectory.Problem.accessibleToOthers(path: target, mode: 0o755).description
        #expect(message.contains("chmod 700 \(target)"))
        // The directory is left as it was: Pace never silently changes what it did not create.
        #expect(try permissions(target) == 0o755)
    }

    @Test func refusesASymbolicLinkInPlaceOfTheDirectory() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let real = root.appending("real")
        mkdir(real, 0o700)
        let link = root.appending("link")
        symlink(real, link)
        #expect(throws: PrivateDirectory.Problem.notADirectory(path: link)) {
            try PrivateDirectory.prepare(link, createParents: false)
        }
    }

    @Test(.enabled(if: Syscall.userID == 0, "needs root: only root can give a directory to another user"))
    func refusesADirectoryOwnedByAnotherUser() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let target = root.appending("theirs")
        mkdir(target, 0o700)
        chown(target, 65534, 65534)
        #expect(throws: PrivateDirectory.Problem.ownedByAnotherUser(path: target, owner: 65534)) {
            try PrivateDirectory.prepare(target, createParents: false)
        }
    }

    @Test func acceptsAnExistingPrivateDirectory() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        try PrivateDirectory.prepare(root.path, createParents: false)
        try PrivateDirectory.prepare(root.path, createParents: false)
    }
}
