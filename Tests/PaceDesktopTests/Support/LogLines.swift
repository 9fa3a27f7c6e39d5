import FoundationEssentials
import Logging
import Synchronization

/// A logger that keeps every message, for tests that count log lines (and prints them with `PACE_TEST_LOG=1`).
final class LogLines: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "test") { [self] _ in Handler(lines: self) }
        logger.logLevel = .debug
        return logger
    }

    private struct Handler: LogHandler {
        let lines: LogLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        static let echo = ProcessInfo.processInfo.environment["PACE_TEST_LOG"] == "1"

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let line = "\(event.level): \(event.message)"
            if Self.echo { print(line) }
            lines.lines.withLock { $0.append(line) }
        }
    }
}
