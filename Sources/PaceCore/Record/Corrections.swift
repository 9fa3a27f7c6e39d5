/// The corrections the record holds, by the event each corrects, and what they make of an event.
///
/// The rules (docs/events.md, "The record contract"): a retraction beats any amendment; of two amendments the one
/// recorded later wins (ties by id); a correction that is itself retracted counts for nothing, so retracting a
/// retraction (`pace undo` after `pace delete`) brings the event back. Nothing is erased: the corrected event and
/// its corrections all stay in the log.
package struct Corrections: Sendable, Equatable, Codable {
    /// One correction: its own id and time, and what it does.
    package struct Correction: Sendable, Equatable, Codable {
        package var id: EventID
        package var recordedAt: Instant
        /// The amendment, or `nil` for a retraction.
        package var amendment: Event.Amendment?
    }

    private var byTarget: [EventID: [Correction]] = [:]
    /// What the corrections make of each event they target, worked out when one is taken in (the fold asks for
    /// every event it folds).
    private var resolved: [EventID: Resolution] = [:]
    /// The event each correction corrects, by the correction's id.
    private var targetOf: [EventID: EventID] = [:]

    private enum Resolution: Sendable, Equatable {
        case retracted
        case amended(Event.Amendment, by: Correction)
        case asItWas
    }

    private enum CodingKeys: String, CodingKey {
        case byTarget
    }

    package init() {}

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        byTarget = try container.decode([EventID: [Correction]].self, forKey: .byTarget)
        for (target, corrections) in byTarget {
            for correction in corrections { targetOf[correction.id] = target }
        }
        for target in byTarget.keys { resolved[target] = resolution(of: target) }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(byTarget, forKey: .byTarget)
    }

    private func resolution(of id: EventID) -> Resolution {
        if isRetracted(id) { return .retracted }
        guard let winner = winningAmendment(of: id), let amendment = winner.amendment else { return .asItWas }
        return .amended(amendment, by: winner)
    }

    /// Takes in `event` if it is a correction.
    /// - Returns: Whether it was one.
    @discardableResult
    package mutating func add(_ event: Event) -> Bool {
        guard let id = event.header.id else { return false }
        let correction: Correction
        let target: EventID
        switch event.payload {
        case .retracted(let retraction):
            target = retraction.target
            correction = Correction(id: id, recordedAt: event.recordedTime, amendment: nil)
        case .amended(let amendment):
            target = amendment.target
            correction = Correction(id: id, recordedAt: event.recordedTime, amendment: amendment)
        default:
            return false
        }
        if targetOf[id] != nil { return true }
        byTarget[target, default: []].append(correction)
        targetOf[id] = target
        if let amendment = correction.amendment, !isRetracted(id) {
            // An amendment in force changes only what its target is, and only if it wins (the usual case, and one
            // that stays quick however often an event is amended).
            switch resolved[target] {
            case .retracted: break
            case .amended(_, let winner) where (winner.recordedAt, winner.id) >= (correction.recordedAt, id): break
            default: resolved[target] = .amended(amendment, by: correction)
            }
            return true
        }
        // This target, and up the chain: a retraction of a correction changes what that correction's target is.
        var current: EventID? = target
        for _ in 0..<Self.depth {
            guard let next = current, byTarget[next] != nil else { break }
            resolved[next] = resolution(of: next)
            current = targetOf[next]
        }
        return true
    }

    /// How deep a chain of retractions is followed (a retraction of a retraction of …): deeper than any person
    /// makes, and a bound on what a planted cycle costs.
    private static let depth = 16

    /// Whether the event `id` is taken back by a retraction that is not itself taken back.
    package func isRetracted(_ id: EventID) -> Bool { isRetracted(id, depth: 0) }

    private func isRetracted(_ id: EventID, depth: Int) -> Bool {
        guard depth < Self.depth, let corrections = byTarget[id] else { return false }
        return corrections.contains { $0.amendment == nil && !isRetracted($0.id, depth: depth + 1) }
    }

    /// The amendment that holds for the event `id`: of those not taken back, the latest recorded (ties by id).
    package func amendment(of id: EventID) -> Event.Amendment? {
        winningAmendment(of: id)?.amendment
    }

    /// The amendment that holds for the event `id`, with its own id and time.
    private func winningAmendment(of id: EventID) -> Correction? {
        guard let corrections = byTarget[id] else { return nil }
        var best: Correction?
        for correction in corrections where correction.amendment != nil && !isRetracted(correction.id) {
            if let current = best, (current.recordedAt, current.id) >= (correction.recordedAt, correction.id) {
                continue
            }
            best = correction
        }
        return best
    }

    /// Whether a correction changes what `event` counts as (``effective(_:)`` is something else than itself).
    package func changes(_ event: Event) -> Bool {
        guard let id = event.header.id, let resolution = resolved[id] else { return false }
        if case .asItWas = resolution { return false }
        return true
    }

    /// What `event` counts as: `nil` when it is taken back, the amended bout when an amendment holds, else itself.
    package func effective(_ event: Event) -> Event? {
        guard let id = event.header.id, let resolution = resolved[id] else { return event }
        switch resolution {
        case .retracted: return nil
        case .asItWas: return event
        case .amended(let amendment, let winner): return event.amended(by: amendment, recordedAt: winner.recordedAt)
        }
    }
}

extension Event {
    /// Whether it is a retraction or an amendment.
    package var isCorrection: Bool {
        switch payload {
        case .retracted, .amended: true
        default: false
        }
    }

    /// The event it corrects and when that happened, for a correction.
    package var correctionTarget: (id: EventID, at: Instant)? {
        switch payload {
        case .retracted(let retraction): (retraction.target, retraction.targetAt)
        case .amended(let amendment): (amendment.target, amendment.targetAt)
        default: nil
        }
    }

    /// Whether it is a bout (started, or logged), the only events an amendment changes.
    package var isBout: Bool {
        switch payload {
        case .activityStarted, .activityLogged: true
        default: false
        }
    }

    /// The bout as `amendment` corrects it, counted as recorded at `recordedAt` (so that, of two typed bouts over
    /// the same minutes, the later correction wins them). An event that is not a bout is returned as it is.
    ///
    /// A started bout given a length becomes a logged one of that length; a logged one stays logged. A logged
    /// bout's `at` is never before its end (as the validator wants), so one moved later is stamped at its new end.
    /// - Parameter keepingToThePast: Leave the bout as it was when the amendment would make it end after
    ///   `recordedAt` (what the fold does: a correction describes the past); `false` shows what it asks for.
    package func amended(by amendment: Amendment, recordedAt: Instant, keepingToThePast: Bool = true) -> Event {
        var header = self.header
        switch payload {
        case .activityStarted(var start):
            start.activity = amendment.activity ?? start.activity
            start.intensity = amendment.intensity ?? start.intensity
            start.pointsPerMinute = amendment.pointsPerMinute ?? start.pointsPerMinute
            let begin = amendment.start ?? header.at
            if let duration = amendment.durationSeconds {
                let logged = LoggedActivity(
                    activity: start.activity, intensity: start.intensity, pointsPerMinute: start.pointsPerMinute,
                    start: begin, durationSeconds: duration)
                guard !keepingToThePast || logged.end <= recordedAt.adding(seconds: EventRanges.futureSlackSeconds)
                else {
                    return self
                }
                header.at = logged.end
                header.recordedAt = max(recordedAt, logged.end)
                return Event(header: header, payload: .activityLogged(logged))
            }
            header.at = begin
            header.recordedAt = max(recordedAt, begin)
            return Event(header: header, payload: .activityStarted(start))
        case .activityLogged(var logged):
            logged.activity = amendment.activity ?? logged.activity
            logged.intensity = amendment.intensity ?? logged.intensity
            logged.pointsPerMinute = amendment.pointsPerMinute ?? logged.pointsPerMinute
            logged.start = amendment.start ?? logged.start
            logged.durationSeconds = amendment.durationSeconds ?? logged.durationSeconds
            // A bout may not end after the correction was made: one that would is not a correction of the past.
            guard !keepingToThePast || logged.end <= recordedAt.adding(seconds: EventRanges.futureSlackSeconds) else {
                return self
            }
            header.at = max(header.at, logged.end)
            header.recordedAt = max(recordedAt, header.at)
            return Event(header: header, payload: .activityLogged(logged))
        default:
            return self
        }
    }
}
