import PaceCore

/// One person, several screens (docs/sync.md): with a sync folder, this device's desk presence goes to
/// `devices/<id>/presence`, and reminders are held unless the person is at this device.
extension Daemon {
    /// Hooks the desktop's presence signals to ``presence``, whatever folder is followed later; once, at start.
    func wirePresence(_ desktop: Desktop) {
        let awayChanged = desktop.onAwayChanged
        desktop.onAwayChanged = { [unowned self] in
            awayChanged?()
            presence?.deskChanged()
        }
        let holdsKnown = desktop.onHoldsKnown
        desktop.onHoldsKnown = { [unowned self] in
            presence?.deskChanged()
            holdsKnown?()
        }
        let resumed = desktop.onResume
        desktop.onResume = { [unowned self] in
            presence?.deskChanged()
            resumed?()
        }
        desktop.onSleep = { [unowned self] in presence?.sleeping() }
    }

    /// Follows the other devices' presence in `folder`, or stops when sync is off.
    func followPresence(in folder: SyncFolder?) {
        guard let parts else { return }
        presence = folder.map {
            PresenceBoard(
                devicesDirectory: $0.devicesDirectory, device: $0.identity.id.description, desktop: parts.desktop,
                clock: clock, logger: logger)
        }
        parts.reminders.presence = presence
        guard let presence else { return }
        presence.onChange = { [unowned reminders = parts.reminders] in reminders.evaluate() }
        presence.start()
        presence.deskChanged()
    }
}
