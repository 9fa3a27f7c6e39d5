import PaceProtocol

/// `pace export --format json`: everything in one document that `pace import` reads back.
///
/// `{"format": "pace-export", "version": 2, "exportedAt": RFC 3339, "from": date, "to": date, "days": [Day…],
/// "events": [event…]}`: `from` and `to` are the pacing days covered, `events` exactly what GetEvents returned.
///
/// Versions (the record contract, docs/events.md): 2 gives every event its `id` (derived for events written before
/// ids), and `recordedAt` and `source` where set, corrections among the events; 1 had no ids. `pace import` reads
/// both: version 1's events get the ids Pace derives, so they count once in a log that holds them.
struct ExportDocument: Codable, Equatable {
    var format = "pace-export"
    var version = 2
    var exportedAt: String
    var from: String
    var to: String
    var days: [PaceAPI.Day]
    var events: [JSONValue]
}
