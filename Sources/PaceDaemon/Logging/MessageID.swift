package import Logging

/// The fixed `MESSAGE_ID`s of the journal entries people and tools look for, so
/// `journalctl --user MESSAGE_ID=…` finds them whatever the wording of the message.
///
/// Each was generated once with `systemd-id128 new` and must never change; the README lists them.
package struct MessageID: Hashable, Sendable, CustomStringConvertible {
    /// 32 lower-case hex digits.
    package let hex: String

    /// A reminder fired (stop and rest, budget thresholds, check-in prompts).
    package static let reminder = MessageID(hex: "cd92960313db40af8151ed925a592da4")
    /// A flare was recorded or lifted.
    package static let flare = MessageID(hex: "8cf92314b8c6478681c552606028c545")
    /// The event log was damaged and recovered: a torn tail truncated or a corrupt record skipped.
    package static let logCorruptionRecovered = MessageID(hex: "96f4d311f97f492b97f0fd8e940a0975")

    /// Every id, with the name the README gives it.
    package static let all: [(name: String, id: MessageID)] = [
        ("reminder", .reminder), ("flare", .flare), ("log corruption recovered", .logCorruptionRecovered),
    ]

    /// The metadata key the journal handler writes as the `MESSAGE_ID` field itself.
    package static let metadataKey = "MESSAGE_ID"

    /// Metadata that gives a log entry this id: `logger.notice("…", metadata: MessageID.reminder.metadata)`.
    package var metadata: Logger.Metadata { [Self.metadataKey: .string(hex)] }

    package var description: String { hex }

    /// Whether `text` has the form of an id: 32 hex digits.
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 32 && text.allSatisfy(\.isHexDigit)
    }
}
