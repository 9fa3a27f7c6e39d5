// pace-journal-probe: logs through paced's JournalLogHandler what each argument describes, so the journald
// tests can read the entries back with journalctl. Built for the tests only; never installed.
//
// Each argument is one JSON object: {"level": "notice", "message": "…", "metadata": {…}, "error": "…"};
// metadata values are strings, arrays or objects, nested as deep as wanted.
import FoundationEssentials
import Logging
import PaceDaemon

/// One message to log.
struct Line: Decodable {
    var level: String
    var message: String
    var metadata: [String: MetadataJSON]?
    var error: String?
}

/// A metadata value as JSON.
enum MetadataJSON: Decodable {
    case string(String)
    case array([MetadataJSON])
    case dictionary([String: MetadataJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let values = try? container.decode([MetadataJSON].self) {
            self = .array(values)
        } else {
            self = .dictionary(try container.decode([String: MetadataJSON].self))
        }
    }

    var value: Logger.Metadata.Value {
        switch self {
        case .string(let text): return .string(text)
        case .array(let values): return .array(values.map(\.value))
        case .dictionary(let entries): return .dictionary(entries.mapValues(\.value))
        }
    }
}

/// An error whose description is given.
struct ProbeError: Error, CustomStringConvertible {
    var description: String
}

var logger = Logger(label: "paced") { JournalLogHandler(label: $0) }
logger.logLevel = .trace
for argument in CommandLine.arguments.dropFirst() {
    let line = try JSONDecoder().decode(Line.self, from: Data(argument.utf8))
    guard let level = Logger.Level(rawValue: line.level) else { fatalError("unknown level \(line.level)") }
    logger.log(
        level: level,
        "\(line.message)",
        error: line.error.map { ProbeError(description: $0) },
        metadata: line.metadata?.mapValues(\.value)
    )
}
