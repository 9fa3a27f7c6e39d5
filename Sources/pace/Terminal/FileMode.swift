import ArgumentParser
import SystemPackage

/// The permission bits of a file `pace` writes (an export, a report): 0600 — you alone may read it, since it is
/// health data — unless `--mode` asks for others (`--mode 0644` for a file to share). The bits are set whatever the
/// umask, as `install -m` sets them: the mode asked for is the mode the file gets, and a file replaced gets it too.
struct FileMode: ExpressibleByArgument, Equatable {
    /// The permission bits, at most 0777.
    var permissions: FilePermissions

    /// 0600: read and written by its owner only.
    static let ownerOnly = FileMode(permissions: .ownerReadWrite)

    /// The help of a command's `--mode` option.
    static let help = ArgumentHelp(
        "The file's permissions, in octal (default 0600: yours alone; 0644 lets others read it).",
        valueName: "octal")

    private init(permissions: FilePermissions) {
        self.permissions = permissions
    }

    /// `0644` or `644`: octal permission bits, at most 0777 (no set-user-id, set-group-id or sticky bit).
    init?(argument: String) {
        guard (1...4).contains(argument.count), let bits = CModeT(argument, radix: 8), bits <= 0o777 else { return nil }
        permissions = FilePermissions(rawValue: bits)
    }
}
