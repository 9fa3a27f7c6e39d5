import FoundationEssentials

/// Files `pace` writes (reports, exports) and reads (imports), with failures turned into one line and a status.
enum FileOutput {
    /// Writes `text` to `path` atomically (a temporary file renamed into place), or to standard output for `-`.
    ///
    /// - Throws: ``CommandFailure`` (cannot create, 73).
    static func write(_ text: String, to path: String) throws {
        if path == "-" {
            Console.out(text)
            return
        }
        do {
            try Data(text.utf8).write(to: URL(filePath: path), options: .atomic)
        } catch {
            throw CommandFailure.cannotCreate("cannot write \(path): \(reason(error)); choose another file")
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

    private static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("Permission") || text.contains("permission") { return "permission denied" }
        if text.contains("No such file") || text.contains("noSuchFile") || text.contains("doesn’t exist") {
            return "its folder does not exist"
        }
        return "the system refused"
    }
}
