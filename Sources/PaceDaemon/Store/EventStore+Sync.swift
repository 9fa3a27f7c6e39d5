package import PaceCore

extension EventStore {
    /// Records events received from another device's folder (``SyncFolder``), each with its id and its `device`:
    /// checked by the one validator, but not against this device's clock (``record(_:deferringRebuild:checkingClock:)``),
    /// and never for plausibility. The caller leaves out ids the log holds (union by id).
    /// - Throws: ``Refusal``; nothing of them was recorded.
    package func receive(_ events: [Event]) throws(Refusal) {
        try record(events, deferringRebuild: false, checkingClock: false)
    }
}
