package import Logging
import PaceSystem

/// Writes one readable line per message to standard error: `paced[1234]: warning: message key=value`.
///
/// For terminals and for `make run`; under systemd, the journal handler is used instead.
package struct StderrLogHandler: LogHandler {
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    private let label: String

    package init(label: String) {
        self.label = label
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var line = "\(label)[\(Syscall.processID)]: "
        if event.level != .info && event.level != .notice { line += "\(event.level): " }
        line += event.message.description
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        // A MESSAGE_ID is for journal searches, 32 hex digits of noise on a terminal.
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) where key != MessageID.metadataKey {
            line += " \(key)=\(value)"
        }
        line += "\n"
        StandardError.write(line)
    }
}
