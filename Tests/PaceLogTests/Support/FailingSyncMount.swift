import Glibc
import PaceTestSupport

/// A file system whose `fsync` and `fdatasync` fail with EIO on demand: `Tests/Filesystems/failing_sync.py`, a FUSE
/// pass-through of a directory the test owns. Writes go through; syncs fail while ``failsSyncs`` is set, as on a disk
/// that took the data into its cache and then could not write it. Needs root, `/dev/fuse` and Debian's
/// python3-fusepy; ``start()`` says which is missing.
final class FailingSyncMount {
    /// Where the file system is mounted: what the code under test writes to.
    let path: String
    /// The directory it passes through to: what is really on the disk.
    let backing: String
    private let parent: TemporaryDirectory
    private let marker: String
    private let server: PythonServer

    private init(parent: TemporaryDirectory, server: PythonServer) {
        self.parent = parent
        self.server = server
        path = parent.appending("mount")
        backing = parent.appending("backing")
        marker = parent.appending("fail-syncs")
    }

    /// Whether the file system can be mounted here, found out once by mounting it.
    static let isAvailable = (try? start()) != nil

    /// Mounts it over a new empty directory.
    static func start() throws -> FailingSyncMount {
        guard getuid() == 0, access("/dev/fuse", R_OK | W_OK) == 0 else {
            throw TestFailure("mounting a FUSE file system needs root and /dev/fuse")
        }
        let parent = TemporaryDirectory(prefix: "pace-fuse")
        for name in ["mount", "backing"] { Glibc.mkdir(parent.appending(name), 0o700) }
        do {
            let server = try PythonServer(
                "failing_sync.py",
                [parent.appending("backing"), parent.appending("mount"), parent.appending("fail-syncs")],
                outputDirectory: parent.path, scripts: TestEnvironment.tests + "/Filesystems")
            return FailingSyncMount(parent: parent, server: server)
        } catch {
            _ = umount2(parent.appending("mount"), Int32(MNT_DETACH))
            parent.remove()
            throw error
        }
    }

    /// Whether `fsync` and `fdatasync` fail (with EIO) from now on.
    var failsSyncs: Bool {
        get { access(marker, F_OK) == 0 }
        set {
            if newValue {
                close(open(marker, O_CREAT | O_WRONLY, 0o600))
            } else {
                unlink(marker)
            }
        }
    }

    deinit {
        server.stop()
        _ = umount2(path, Int32(MNT_DETACH))
        parent.remove()
    }
}
