import FoundationEssentials
import PaceSystem
import SystemPackage

/// Files `pace` writes (reports, exports) and reads (imports), with failures turned into one line and a status.
enum FileOutput {
    /// Writes `text` to `path` atomically (``AtomicFile``: a temporary file, synced, renamed into place) with `mode`
    /// whatever the umask, or to standard output for `-`.
    ///
    /// - Throws: ``CommandFailure`` (cannot create, 73).
    static func write(_ text: String, to path: String, mode: FileMode = .ownerOnly) throws {
        if path == "-" {
            Console.out(text)
            return
        }
        do throws(SystemError) {
            let file = try AtomicFile.create(path, contents: Array(text.utf8), permissions: mode.permissions)
            try? file.close()
        } catch {
            throw OutputFile.failure(path, errno: error.errno.rawValue)
        }
    }

    /// The contents of `path`, or of standard input for `-`.
    ///
    /// - Throws: ``CommandFailure`` (no input, 66).
    static func read(_ path: String) throws -> Data {
        if path == "-" {
            var bytes: [UInt8] = []
            while let line = readLine(strippingNewline: false) { bytes += line.utf8 }
            return Data(bytes)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw CommandFailure.noInput(
                exists ? "cannot read \(path): permission denied" : "there is no file \(path); check the name")
        }
        return data
    }
}
