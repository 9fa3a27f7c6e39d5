import FoundationEssentials
import PaceCore
import PaceSystem
import SystemPackage

/// This device's id in the sync folder, kept in the state directory's `device` file (JSON: `id`, and `machine`, a
/// hash of `/etc/machine-id`), so that it stays the same across starts.
///
/// A state directory copied to another machine (its machine id differs from the one recorded) gets a new id at
/// start, so two machines never write one device folder.
struct DeviceIdentity: Codable, Equatable {
    /// The device's id.
    var id: DeviceID
    /// A hash of the machine id the identity was made on (16 hexadecimal digits); empty when it could not be read.
    var machine: String

    /// The file's name in the state directory.
    static let fileName = "device"

    /// A hash of this machine's `/etc/machine-id`, or empty when it cannot be read.
    static func currentMachine(path: String = "/etc/machine-id") -> String {
        guard let bytes = SmallFile.read(path), !bytes.isEmpty else { return "" }
        return DeviceID(bits: EventID.contentHash(bytes)).description
    }

    /// The identity kept in `stateDirectory`, made (and kept) when missing, unreadable or made on another machine.
    /// - Returns: The identity, and why a new one was made (for the journal), if one was.
    static func load(stateDirectory: String) -> (identity: DeviceIdentity, renewed: String?) {
        let path = stateDirectory + "/" + fileName
        let machine = currentMachine()
        var renewed: String?
        if let bytes = SmallFile.read(path) {
            if let kept = try? JSONDecoder().decode(DeviceIdentity.self, from: Data(bytes)), kept.id.isWellFormed {
                if kept.machine == machine || kept.machine.isEmpty || machine.isEmpty { return (kept, nil) }
                renewed =
                    "the state directory was made on another machine (a copy or a clone): this device takes a new sync id instead of \(kept.id)"
            } else {
                renewed = "\(path) is not a device identity; this device takes a new sync id"
            }
        }
        let identity = DeviceIdentity(id: .random(), machine: machine)
        identity.save(stateDirectory: stateDirectory)
        return (identity, renewed)
    }

    /// Writes the identity (whole or not at all); a failure is only reported by the next start making another.
    func save(stateDirectory: String) {
        guard let bytes = try? JSONEncoder().encode(self) else { return }
        try? AtomicFile.create(stateDirectory + "/" + Self.fileName, contents: Array(bytes)).close()
    }
}
