import PaceProtocol

/// How long each started bout of an export lasted, for the events table's `minutes` and `points`: from its start to
/// the first event after it, in the record's order (by `at`, then `recordedAt`, then id, as the fold takes them),
/// that ends a running bout: a stop, another start or a rest. That is where `pace events` ends it too. The events are
/// taken as recorded: a correction is a row of its own.
///
/// Only the few fields that order these events are kept, so a whole history can be noted while an export streams it.
struct BoutLengths {
    /// A start or an event that ends one, where it falls in the record's order.
    private struct Mark {
        var at: Int64
        var recordedAt: Int64
        var id: String
        var starts: Bool
    }

    private var marks: [Mark] = []

    /// Notes `event` when it starts a bout or ends one; every other event is passed over.
    mutating func note(_ event: JSONValue) {
        guard case .object(let members) = event, case .string(let type)? = members["type"],
            ["activityStarted", "activityStopped", "restStarted"].contains(type),
            case .integer(let at)? = members["at"], case .string(let id)? = members["id"]
        else { return }
        var recordedAt = at
        if case .integer(let recorded)? = members["recordedAt"] { recordedAt = recorded }
        marks.append(Mark(at: at, recordedAt: recordedAt, id: id, starts: type == "activityStarted"))
    }

    /// The length in seconds of each started bout that has ended, by its id.
    func seconds() -> [String: Int64] {
        let ordered = marks.sorted { ($0.at, $0.recordedAt, $0.id) < ($1.at, $1.recordedAt, $1.id) }
        var lengths: [String: Int64] = [:]
        for (index, mark) in ordered.enumerated() where mark.starts && index + 1 < ordered.count {
            lengths[mark.id] = (ordered[index + 1].at - mark.at) / 1000
        }
        return lengths
    }
}
