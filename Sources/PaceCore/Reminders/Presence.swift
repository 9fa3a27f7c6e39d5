/// Where the person is, as one device saw it last: at its screen since a time, or away from it since a time.
///
/// With a sync folder (docs/sync.md) each device writes its own in `devices/<id>/presence` when it changes, and
/// reads the others'; a reminder is then shown by one device only, the one ``reminderDevice(among:)`` picks.
/// Encodes as `{"format":1,"state":"active","since":1764072300000}`.
package struct Presence: Codable, Equatable, Sendable {
    /// The file's layout version.
    package static let currentFormat = 1

    /// At the screen or away from it.
    package enum State: String, Codable, Sendable {
        /// The session is unlocked and in use (no idle hint, no idle monitor saying idle, no screen saver).
        case active
        /// The session is idle or locked, or the screen saver runs.
        case away
    }

    package var format = Self.currentFormat
    package var state: State
    /// When the state began, by that device's clock.
    package var since: Instant

    package init(_ state: State, since: Instant) {
        self.state = state
        self.since = since
    }

    /// The device that shows reminders: of those whose presence is known, one where the person is active beats
    /// one they are away from; then the most recent change wins (the screen the person came to last or, when
    /// they are away from all, the one they left last); on an equal time (to the millisecond), the smaller
    /// device id. `nil` when no device's presence is known: then each shows its own, as without sync.
    ///
    /// Every device computes it from the same files, so all agree on one device once the files are the same.
    package static func reminderDevice<Device: Comparable>(among presences: [Device: Presence]) -> Device? {
        presences.min { left, right in
            let (a, b) = (left.value, right.value)
            if a.state != b.state { return a.state == .active }
            if a.since != b.since { return a.since > b.since }
            return left.key < right.key
        }?.key
    }
}
