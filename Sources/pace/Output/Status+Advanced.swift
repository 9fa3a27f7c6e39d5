import PaceCore
import PaceProtocol

extension PaceAPI.Status {
    /// The status as it will read at `later`, for a status bar that redraws between the daemon's updates: the
    /// running activity and rest grow by the time passed; everything else stays as the daemon said.
    ///
    /// Points are left alone on purpose: only the daemon knows how a running activity counts.
    func advanced(to later: Instant) -> PaceAPI.Status {
        guard let now = Instant(rfc3339: now) else { return self }
        let elapsed = Int(max(0, later.seconds(since: now)))
        guard elapsed > 0 else { return self }
        var copy = self
        copy.now = later.rfc3339
        copy.activity?.durationSeconds += elapsed
        copy.rest?.elapsedSeconds += elapsed
        return copy
    }
}
