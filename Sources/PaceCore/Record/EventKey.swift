/// Where an event falls in the record's one order: by when it happened, then when it was recorded, then its id
/// (whose first half counts up within a millisecond, so the events one command records at one instant keep their
/// order). The fold takes events in this order whatever order they arrived in, so the same set of events always
/// makes the same state.
package struct EventKey: Comparable, Hashable, Sendable, Codable {
    package var at: Instant
    package var recordedAt: Instant
    package var id: EventID

    package init(at: Instant, recordedAt: Instant, id: EventID) {
        self.at = at
        self.recordedAt = recordedAt
        self.id = id
    }

    /// The key of `event` (which has its id by now).
    package init(_ event: Event) {
        self.init(at: event.at, recordedAt: event.recordedTime, id: event.header.id ?? .zero)
    }

    /// The smallest key at `instant`: every event that happened at or after it sorts after it.
    package static func first(at instant: Instant) -> EventKey {
        EventKey(at: instant, recordedAt: Instant(millisecondsSinceEpoch: .min), id: .zero)
    }

    package static func < (left: EventKey, right: EventKey) -> Bool {
        if left.at != right.at { return left.at < right.at }
        if left.recordedAt != right.recordedAt { return left.recordedAt < right.recordedAt }
        return left.id < right.id
    }
}
