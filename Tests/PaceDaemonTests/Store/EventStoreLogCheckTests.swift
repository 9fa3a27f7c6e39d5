import Glibc
import Logging
import PaceCore
import PaceLog
import PaceSystem
import PaceTestSupport
import Synchronization
import Testing

@testable import PaceDaemon

/// The records a fitting snapshot vouches for are checked after start-up (`EventStore.checkLogLater()`), and what
/// that finds is reported as opening the log reports it; a start that replays the whole log checks it first.
@Suite @DaemonActor
struct EventStoreLogCheckTests {
    let root = TemporaryDirectory()
    let clock = FixedClock(Instant(rfc3339: "2026-11-25T09:00:00Z")!, utcOffsetSeconds: 3600)

    /// Every line logged.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])

        var logger: Logger {
            Logger(label: "test") { [self] _ in Handler(lines: self) }
        }

        var all: [String] { lines.withLock { $0 } }

        struct Handler: LogHandler {
            let lines: Lines
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .info

            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }

            func log(event: LogEvent) { lines.lines.withLock { $0.append("\(event.level): \(event.message)") } }
        }
    }

    func open(settings: PaceSettings = PaceSettings(), lines: Lines = Lines()) throws -> EventStore {
        try EventStore.open(
            stateDirectory: root.appending("pace"), settings: settings, clock: clock, logger: lines.logger,
            checkingLaterFrom: 0)
    }

    /// Five walks logged, a snapshot after them, and then a payload byte of the first one damaged.
    /// - Returns: The damaged segment's path.
    func logWithDamageBeforeTheSnapshot() throws -> String {
        let store = try open()
        for hour in 1...5 {
            try store.perform(
                .logActivity(
                    activity: "walk", start: clock.instant.adding(seconds: -Int64(hour) * 3600), durationSeconds: 600))
        }
        store.writeSnapshot()
        let first = try #require(try store.log.records().first)
        let path = EventLog.directory(inStateDirectory: root.appending("pace")) + "/" + first.position.segment.fileName
        let fd = Glibc.open(path, O_RDWR | O_CLOEXEC)
        try #require(fd >= 0)
        defer { Glibc.close(fd) }
        var byte: UInt8 = 0
        let offset = off_t(first.position.offset + 30)
        try #require(pread(fd, &byte, 1, offset) == 1)
        byte ^= 0x04
        try #require(pwrite(fd, &byte, 1, offset) == 1)
        return path
    }

    @Test func damageBeforeTheSnapshotIsReportedWhenTheCheckAfterStartUpEnds() async throws {
        defer { root.remove() }
        let path = try logWithDamageBeforeTheSnapshot()
        let lines = Lines()
        let store = try open(lines: lines)
        // From the snapshot: nothing read before it, nothing found yet.
        #expect(store.recovery.issues.isEmpty)
        #expect(store.log.pendingCheck != nil)
        var checked = false
        store.onLogChecked = { checked = true }
        store.checkLogLater()
        while !checked { try await Task.sleep(for: .milliseconds(1)) }
        #expect(store.log.pendingCheck == nil)
        #expect(store.recovery.issues.map(\.kind) == [.damagedBytesSkipped])
        #expect(store.recovery.issues.first?.path == path)
        #expect(store.log.recordCount == 4)
        #expect(store.recovery.recordCount == 4)
        // The journal line, as opening the log writes it.
        #expect(lines.all.contains { $0.hasPrefix("error: \(path): skipped") })
        // Asked again (pace doctor), nothing is checked or reported twice.
        store.finishLogCheck()
        #expect(store.recovery.issues.count == 1)
        #expect(lines.all.count { $0.contains("\(path): skipped") } == 1)
    }

    @Test func askingBeforeTheCheckEndsWaitsForIt() throws {
        defer { root.remove() }
        _ = try logWithDamageBeforeTheSnapshot()
        let store = try open()
        store.checkLogLater()
        // What `pace doctor` does: the answer holds what the check finds, whenever it is asked.
        store.finishLogCheck()
        #expect(store.log.pendingCheck == nil)
        #expect(store.recovery.issues.map(\.kind) == [.damagedBytesSkipped])
        #expect(store.log.recordCount == 4)
        // Without a check started, asking runs it.
        let again = try open()
        #expect(again.recovery.issues.isEmpty)
        again.finishLogCheck()
        #expect(again.recovery.issues.map(\.kind) == [.damagedBytesSkipped])
    }

    @Test func aStartThatReplaysTheWholeLogChecksItFirst() throws {
        defer { root.remove() }
        _ = try logWithDamageBeforeTheSnapshot()
        // Other settings: the snapshot fits the log but not the state, so the log is replayed whole.
        var settings = PaceSettings()
        settings.dayStartHour = 6
        let lines = Lines()
        let store = try open(settings: settings, lines: lines)
        #expect(store.log.pendingCheck == nil)
        #expect(store.recovery.issues.map(\.kind) == [.damagedBytesSkipped])
        let damage = try #require(lines.all.firstIndex { $0.contains("skipped") })
        let replay = try #require(lines.all.firstIndex { $0.contains("replayed") })
        #expect(damage < replay)
    }
}
