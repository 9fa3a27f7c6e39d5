import PaceProtocol

/// `pace export --format json`: everything in one document that `pace import` reads back.
///
/// `{"format": "pace-export", "version": 1, "exportedAt": RFC 3339, "from": date, "to": date, "days": [Day…],
/// "events": [event…]}`: `from` and `to` are the pacing days covered, `events` exactly what GetEvents returned.
struct ExportDocument: Codable, Equatable {
    var format = "pace-export"
    var version = 1
    var exportedAt: String
    var from: String
    var to: String
    var days: [PaceAPI.Day]
    var events: [JSONValue]
}
