package import Logging

/// A swift-log handler that writes each message as a structured journal entry (``Journal``).
///
/// Every entry has `MESSAGE`, `PRIORITY`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC` and `SYSLOG_IDENTIFIER=paced`;
/// metadata becomes `PACE_…` fields (``JournalFieldName``), arrays become repeated fields and dictionaries
/// one field per entry; the `MESSAGE_ID` key (``MessageID``) becomes the `MESSAGE_ID` field. When journald
/// refuses an entry (a stale socket, a full buffer) it goes to standard error instead. One loss stays silent:
/// libsystemd drops entries without a word when `/run/systemd/journal/socket` does not exist at all; but this
/// handler is only chosen when standard error is a journal stream, so journald was there at start-up.
package struct JournalLogHandler: LogHandler {
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    private let label: String
    private let fallback: StderrLogHandler

    /// The `SYSLOG_IDENTIFIER` of every entry, whatever the logger's label.
    package static let identifier = "paced"

    package init(label: String) {
        self.label = label
        self.fallback = StderrLogHandler(label: label)
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var fields: [(name: String, value: String)] = [
            ("MESSAGE", event.message.description),
            ("PRIORITY", "\(Self.priority(event.level))"),
            ("CODE_FILE", event.file),
            ("CODE_LINE", "\(event.line)"),
            ("CODE_FUNC", event.function),
            ("SYSLOG_IDENTIFIER", Self.identifier),
        ]
        if label != Self.identifier { fields.append(("PACE_LOGGER", label)) }
        if let error = event.error { fields.append(("PACE_ERROR", "\(error)")) }
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            if key == MessageID.metadataKey, case .string(let id) = value, MessageID.isWellFormed(id) {
                fields.append(("MESSAGE_ID", id))
            } else {
                Self.flatten(value, name: JournalFieldName.forMetadataKey(key), into: &fields)
            }
        }
        do {
            try Journal.send(fields)
        } catch {
            var event = event
            event.metadata = merged
            fallback.log(event: event)
        }
    }

    /// syslog priorities (`LOG_DEBUG` 7 … `LOG_CRIT` 2): what `journalctl -p` filters on.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: return 7
        case .info: return 6
        case .notice: return 5
        case .warning: return 4
        case .error: return 3
        case .critical: return 2
        }
    }

    private static func flatten(
        _ value: Logger.Metadata.Value, name: String, into fields: inout [(name: String, value: String)]
    ) {
        switch value {
        case .string(let text):
            fields.append((name, text))
        case .stringConvertible(let convertible):
            fields.append((name, convertible.description))
        case .array(let values):
            for element in values { flatten(element, name: name, into: &fields) }
        case .dictionary(let entries):
            for (key, element) in entries.sorted(by: { $0.key < $1.key }) {
                flatten(element, name: JournalFieldName.forMetadataKey(name + "_" + key), into: &fields)
            }
        }
    }
}
