import Dispatch

/// What systemd shows for the service (`systemctl --user status paced`): the `STATUS=` line.
extension Daemon {
    /// The one-line summary of the daemon's state right now.
    ///
    /// Today it says where the daemon serves; once the core tracks the budget it says how much is left
    /// ("42 of 110 points left, walking 12 min"). Keep it short: systemd shows one line.
    func statusSummary() -> String {
        "Serving on \(servingOn)"
    }

    /// Sends ``statusSummary()`` as `STATUS=` when it changed. Call after every change of state.
    func publishStatus() {
        dispatchPrecondition(condition: .onQueue(queue))
        let summary = statusSummary()
        guard summary != publishedStatus else { return }
        publishedStatus = summary
        ServiceManager.status(summary)
    }

    /// `READY=1` with the summary: once serving, and again after each reload.
    func announceReady() {
        dispatchPrecondition(condition: .onQueue(queue))
        publishedStatus = statusSummary()
        ServiceManager.ready(status: publishedStatus)
    }
}
