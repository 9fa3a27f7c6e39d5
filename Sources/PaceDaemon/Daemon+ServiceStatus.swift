/// What systemd shows for the service (`systemctl --user status paced`): the `STATUS=` line.
extension Daemon {
    /// The one-line summary of the daemon's state right now: "42 of 110 points left · walking 12 min".
    /// Keep it short: systemd shows one line.
    func statusSummary() -> String {
        parts?.status.summary() ?? "Starting"
    }

    /// Sends ``statusSummary()`` as `STATUS=` when it changed. Call after every change of state.
    func publishStatus() {
        let summary = statusSummary()
        guard summary != publishedStatus else { return }
        publishedStatus = summary
        ServiceManager.status(summary)
    }

    /// `READY=1` with the summary: once serving, and again after each reload.
    func announceReady() {
        publishedStatus = statusSummary()
        ServiceManager.ready(status: publishedStatus)
    }
}
