import Glibc
import PaceTestSupport

/// A small tmpfs the test mounts for itself, to fill it up or make it read-only. Needs root (or
/// CAP_SYS_ADMIN); ``mount(kibibytes:)`` says why when it cannot mount.
final class ScratchMount {
    let path: String
    private let parent: TemporaryDirectory

    private init(path: String, parent: TemporaryDirectory) {
        self.path = path
        self.parent = parent
    }

    enum Unavailable: Error, CustomStringConvertible {
        case cannotMount(String)
        var description: String {
            switch self {
            case .cannotMount(let reason): return reason
            }
        }
    }

    /// Whether this process may mount a tmpfs (root, or CAP_SYS_ADMIN), found out once by mounting a small one.
    static let isAvailable = (try? mount(kibibytes: 64).get()) != nil

    /// Mounts a private tmpfs of `kibibytes` KiB.
    static func mount(kibibytes: Int) -> Result<ScratchMount, Unavailable> {
        let parent = TemporaryDirectory(prefix: "pace-mount")
        let path = parent.appending("fs")
        Glibc.mkdir(path, 0o700)
        let result = Glibc.mount("tmpfs", path, "tmpfs", 0, "size=\(kibibytes)k,mode=0700")
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            parent.remove()
            return .failure(.cannotMount("cannot mount a tmpfs (\(reason)); this test needs root"))
        }
        return .success(ScratchMount(path: path, parent: parent))
    }

    /// Makes the file system read-only, or writable again. Fails (EBUSY) while a file is open for writing.
    func remount(readOnly: Bool) -> Bool {
        let flags = UInt(MS_REMOUNT) | (readOnly ? UInt(MS_RDONLY) : 0)
        return Glibc.mount("tmpfs", path, "tmpfs", flags, nil) == 0
    }

    deinit {
        _ = umount2(path, Int32(MNT_DETACH))
        parent.remove()
    }
}
