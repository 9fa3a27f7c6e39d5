import PaceCore

/// One person, several screens (docs/sync.md): with a sync folder, this device's desk presence goes to
/// `devices/<id>/presence`, and reminders are held unless the person is at this device.
extension Daemon {
    /// Hooks the desktop's presence signals to ``presence``, whatever folder is followed later; once, at start,
    /// before the reminders listen, so they decide with this device's presence as the signal left it.
    func wirePresence(_ desktop: Desktop) {
        desktop.awayChanged.listen { [unowned self] in presence?.deskChanged() }
        desktop.holdsKnown.listen { [unowned self] in presence?.deskChanged() }
        desktop.resumed.listen { [unowned self] in presence?.deskChanged() }
        desktop.sleeping.listen { [unowned self] in presence?.sleeping() }
    }

    /// Follows the other devices' presence in `folder`, or stops when sync is off.
    func followPresence(in folder: SyncFolder?) {
        guard let parts else { return }
        presence = folder.map {
            PresenceBoard(
                devicesDirectory: $0.devicesDirectory, device: $0.identity.id.description, desktop: parts.desktop,
                clock: clock, logger: logger, nameOf: { [weak folder] id in folder?.deviceName(id) })
        }
        parts.reminders.presence = presence
        guard let presence else { return }
        // The reminders are decided again, and the status (whose hold may name another device) sent anew.
        presence.onChange = { [unowned feed = parts.feed] in feed.changed() }
        presence.start()
        presence.deskChanged()
    }
}
