/// `[sync]` in the config file: the shared folder other devices' logs meet in (docs/sync.md); off without a folder.
package struct SyncSettings: Equatable, Sendable {
    /// The shared folder as written (`~/Sync/pace`); `nil`: sync is off.
    package var folder: String?
    /// The name other devices show for this one; `nil`: the host name.
    package var name: String?

    package init(folder: String? = nil, name: String? = nil) {
        self.folder = folder
        self.name = name
    }

    /// ``folder`` with a leading `~` made the home directory; `nil` when sync is off or no home is known for `~`.
    package func folderPath(home: String?) -> String? {
        guard let folder, !folder.isEmpty else { return nil }
        if folder == "~" { return home }
        if folder.hasPrefix("~/") { return home.map { $0 + folder.dropFirst() } }
        return folder
    }
}
