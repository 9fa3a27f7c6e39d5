import PaceCore
import PaceJSON
import PaceLog
import PaceSystem
import SystemPackage

/// How far sync had read when it last saved (docs/sync.md, "Starting"): `sync-cursors` in the state directory, so
/// that a start reads only what is new. Written whole (``AtomicFile``) after what it covers is durable in the local
/// log and in this device's folder; a crash before it is written makes the next start read some of it again, which
/// the union by id makes harmless. Anything that does not fit (another format, another device or folder, a log
/// shorter than its position) makes the start read everything, as a first start does.
struct SyncCursors: Codable, Equatable {
    static let fileName = "sync-cursors"
    static let currentFormat = 1

    /// What one other device's folder had given.
    struct Device: Codable, Equatable {
        var files: [String: DeviceFolderReader.SavedCursor]
        var lastEventAt: Int64?
        var events: Int
    }

    var format = Self.currentFormat
    /// This device's id and the sync folder when saved.
    var device: String
    var folder: String
    /// How far the local log had been read: every own event before it is in this device's folder.
    var log: LogPosition
    /// How many events this device's folder holds.
    var mirrorEvents: Int
    var lastOwnEventAt: Int64?
    /// The latest `at` merged from each other device, by id.
    var merged: [String: Int64]
    /// How far this device's folder, and every other device's, was read.
    var own: [String: DeviceFolderReader.SavedCursor]
    var devices: [String: Device]

    /// The saved cursors, or why they cannot be used (`nil` when there are none: a first start).
    static func load(stateDirectory: String) -> Result<SyncCursors, Unusable>? {
        let path = stateDirectory + "/" + fileName
        guard let bytes = SmallFile.read(path) else {
            return Syscall.exists(path) ? .failure(Unusable(reason: "\(path) cannot be read")) : nil
        }
        guard let cursors = try? JSONReader().decode(SyncCursors.self, from: bytes) else {
            return .failure(Unusable(reason: "\(path) is damaged"))
        }
        guard cursors.format == currentFormat else {
            return .failure(Unusable(reason: "\(path) has format \(cursors.format), not \(currentFormat)"))
        }
        return .success(cursors)
    }

    struct Unusable: Error {
        var reason: String
    }

    func save(stateDirectory: String) throws {
        let bytes = try JSONWriter().encode(self)
        try AtomicFile.create(stateDirectory + "/" + Self.fileName, contents: bytes).close()
    }
}
