import FoundationEssentials
import PaceSystem
import SystemPackage

/// The directories this process watches with inotify, read from `/proc/self/fdinfo`: how a test sees where a
/// watcher in the code under test has put its watch, without a hook in that code.
enum InotifyWatches {
    /// Whether some inotify instance of this process watches the directory `path` now.
    static func includes(_ path: String) -> Bool {
        guard let status = try? Syscall.lstat(path) else { return false }
        let inode = UInt64(status.inode.rawValue)
        let device = kernelDevice(UInt64(status.deviceID.rawValue))
        let descriptors = (try? Syscall.directoryEntries("/proc/self/fdinfo")) ?? []
        for descriptor in descriptors {
            guard let data = FileManager.default.contents(atPath: "/proc/self/fdinfo/" + descriptor) else { continue }
            // `inotify wd:1 ino:2a0f sdev:800021 mask:…`, hexadecimal.
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("inotify ") {
                let fields = Dictionary(
                    line.split(separator: " ").compactMap { field -> (Substring, UInt64)? in
                        guard let colon = field.firstIndex(of: ":"),
                            let value = UInt64(field[field.index(after: colon)...], radix: 16)
                        else { return nil }
                        return (field[..<colon], value)
                    }, uniquingKeysWith: { first, _ in first })
                if fields["ino"] == inode && fields["sdev"] == device { return true }
            }
        }
        return false
    }

    /// `st_dev` as the kernel prints it (`MKDEV`: major << 20 | minor) rather than glibc's encoding.
    private static func kernelDevice(_ device: UInt64) -> UInt64 {
        let major = ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff))
        let minor = (device & 0xff) | ((device >> 12) & ~UInt64(0xff))
        return major << 20 | minor
    }
}
