import FoundationEssentials
import Glibc

/// A private temporary directory for one test, removed (with everything in it) by ``remove()``.
package struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    package let path: String

    /// Creates a fresh directory under `/tmp` (short, so socket paths inside it fit `sockaddr_un`).
    package init(prefix: String = "pace-test") {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed: errno \(errno)")
        path = String(cString: created!)
    }

    /// `path/name`.
    package func appending(_ name: String) -> String { path + "/" + name }

    /// Removes the directory tree.
    package func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
