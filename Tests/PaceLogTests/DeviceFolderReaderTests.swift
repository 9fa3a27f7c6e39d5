import Glibc
import PaceCore
import PaceSystem
import PaceTestSupport
import Testing

@testable import PaceLog

/// The reader of another device's folder (docs/sync.md): what a sync tool leaves there is read up to the last whole
/// record and resumed when the file changes; temporary names are not read; conflict copies are; damage is skipped
/// and reported; a newer format is read as far as version 1 framing goes.
@Suite struct DeviceFolderReaderTests {
    /// A segment of `count` records `first`, `first + 1`, … made by the log's own writer; its bytes.
    static func segment(_ payloads: [[UInt8]]) throws -> [UInt8] {
        let fixture = LogFixture()
        let (log, _) = try fixture.open()
        _ = try log.append(payloads, at: instant(2026, 12, 7))
        return Files.read(fixture.path("2026-12.log"))
    }

    static func payloads(_ range: Range<Int>) -> [[UInt8]] { range.map { Array("event \($0)".utf8) } }

    static func texts(_ pass: DeviceFolderReader.Pass) -> [String] {
        pass.records.map { String(decoding: $0.payload, as: UTF8.self) }
    }

    @Test func namesOfEventFiles() {
        #expect(DeviceFolderReader.isEventFile("2026-12.log"))
        #expect(DeviceFolderReader.isEventFile("2026-12.1.log"))
        #expect(DeviceFolderReader.isEventFile("2026-12.sync-conflict-20261207-101010-ABCDEFG.log"))
        #expect(DeviceFolderReader.isEventFile("2026-12.1.sync-conflict-20261207-101010-ABCDEFG.log"))
        #expect(!DeviceFolderReader.isEventFile(".syncthing.2026-12.log.tmp"))
        #expect(!DeviceFolderReader.isEventFile("~syncthing~2026-12.log.tmp"))
        #expect(!DeviceFolderReader.isEventFile("2026-12.log.tmp"))
        #expect(!DeviceFolderReader.isEventFile("device"))
        #expect(!DeviceFolderReader.isEventFile("presence"))
        #expect(!DeviceFolderReader.isEventFile("notes.sync-conflict-20261207-101010-ABCDEFG.log"))
    }

    @Test func aFileThatGrowsInPiecesIsReadUpToItsLastWholeRecordAndResumed() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let whole = try Self.segment(Self.payloads(0..<5))
        var reader = DeviceFolderReader(directory: folder.path)
        var seen: [String] = []
        // Every prefix of the file, as a sync tool writing in place would leave it.
        for length in stride(from: 0, through: whole.count, by: 7) + [whole.count] {
            Files.write(folder.appending("2026-12.log"), Array(whole.prefix(length)), mode: 0o644)
            let pass = reader.read()
            #expect(pass.problems == [], "\(length)")
            #expect(!pass.reread)
            seen += Self.texts(pass)
        }
        #expect(seen == Self.payloads(0..<5).map { String(decoding: $0, as: UTF8.self) })
        #expect(reader.read().records.isEmpty)
    }

    @Test func aReplacedFileIsReadAgainFromItsStart() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        var reader = DeviceFolderReader(directory: folder.path)
        Files.write(folder.appending("2026-12.log"), try Self.segment(Self.payloads(0..<3)))
        #expect(Self.texts(reader.read()).count == 3)
        // Grown (same start): only the new records.
        Files.write(folder.appending("2026-12.log"), try Self.segment(Self.payloads(0..<4)))
        let grown = reader.read()
        #expect(Self.texts(grown) == ["event 3"])
        #expect(!grown.reread)
        // Restored from an old backup, other contents: read whole again.
        Files.write(folder.appending("2026-12.log"), try Self.segment(Self.payloads(10..<12)))
        let replaced = reader.read()
        #expect(replaced.reread)
        #expect(Self.texts(replaced) == ["event 10", "event 11"])
    }

    /// A sync tool may take a file away before it renames the new version in (Syncthing does): another device's
    /// reader keeps the file's cursor meanwhile, also across a restart, and reads on from it; this device's own
    /// reader forgets it, so that its saved cursors say the file went.
    @Test func aFileAwayAndBackIsReadOnFromItsCursorInAnotherDevicesFolder() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.appending("2026-12.log")
        var reader = DeviceFolderReader(directory: folder.path, keepingCursorsOfGoneFiles: true)
        var own = DeviceFolderReader(directory: folder.path)
        Files.write(path, try Self.segment(Self.payloads(0..<3)))
        #expect(Self.texts(reader.read()).count == 3)
        #expect(Self.texts(own.read()).count == 3)
        let saved = reader.savedCursors
        unlink(path)
        #expect(reader.read().records.isEmpty)
        #expect(reader.savedCursors == saved)
        #expect(own.read().records.isEmpty)
        #expect(own.savedCursors.isEmpty)
        var restored = DeviceFolderReader(directory: folder.path, restoring: saved, keepingCursorsOfGoneFiles: true)
        #expect(restored.read().records.isEmpty)
        #expect(restored.savedCursors == saved)
        // Back, grown: only the new record, and no file read from its start.
        Files.write(path, try Self.segment(Self.payloads(0..<4)))
        for var back in [reader, restored] {
            let pass = back.read()
            #expect(Self.texts(pass) == ["event 3"])
            #expect(!pass.reread && pass.fromStart.isEmpty)
        }
        // The own reader reads it from its start.
        #expect(own.read().fromStart == ["2026-12.log"])
    }

    @Test func aReaderRestoredFromSavedCursorsReadsOnlyWhatIsNew() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        var first = DeviceFolderReader(directory: folder.path)
        Files.write(folder.appending("2026-12.log"), try Self.segment(Self.payloads(0..<3)))
        #expect(first.read().records.count == 3)
        let saved = first.savedCursors
        // Nothing new: nothing read, and the cursors are what they were.
        var unchanged = DeviceFolderReader(directory: folder.path, restoring: saved)
        let none = unchanged.read()
        #expect(none.records.isEmpty && none.fromStart.isEmpty && !none.reread)
        #expect(unchanged.savedCursors == saved)
        // Grown, and a new file: only the new record of the first, the second whole.
        Files.write(folder.appending("2026-12.log"), try Self.segment(Self.payloads(0..<4)))
        Files.write(folder.appending("2026-12.1.log"), try Self.segment(Self.payloads(20..<21)))
        var grown = DeviceFolderReader(directory: folder.path, restoring: saved)
        let pass = grown.read()
        // Files in name order: `2026-12.1.log` before `2026-12.log`.
        #expect(Self.texts(pass) == ["event 20", "event 3"])
        #expect(pass.fromStart == ["2026-12.1.log"] && !pass.reread)
        // Restored from an old backup with other contents, or shrunk: read whole again.
        Files.write(folder.appending("2026-12.log"), try Self.segment(Self.payloads(10..<12)))
        var replaced = DeviceFolderReader(directory: folder.path, restoring: saved)
        let again = replaced.read()
        #expect(again.reread && again.fromStart.contains("2026-12.log"))
        #expect(Self.texts(again) == ["event 20", "event 10", "event 11"])
        // A cursor that cannot be (an offset without the record before it) is not restored.
        let broken = [
            "2026-12.log": DeviceFolderReader.SavedCursor(
                offset: 90, anchorStart: nil, anchorChecksum: nil, isNewerFormat: false)
        ]
        #expect(DeviceFolderReader(directory: folder.path, restoring: broken).savedCursors.isEmpty)
    }

    @Test func conflictCopiesAreReadAndTemporaryFilesAreNot() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let bytes = try Self.segment(Self.payloads(0..<2))
        Files.write(folder.appending("2026-12.log"), bytes)
        Files.write(folder.appending("2026-12.sync-conflict-20261207-101010-ABCDEFG.log"), bytes)
        Files.write(folder.appending(".syncthing.2026-12.log.tmp"), bytes)
        Files.write(folder.appending("2026-12.log.tmp"), bytes)
        var reader = DeviceFolderReader(directory: folder.path)
        let pass = reader.read()
        #expect(pass.records.count == 4)
        #expect(Set(pass.records.map(\.file)) == ["2026-12.log", "2026-12.sync-conflict-20261207-101010-ABCDEFG.log"])
    }

    @Test func garbageIsReportedOnceAndTheRecordsAroundItAreKept() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        var bytes = try Self.segment(Self.payloads(0..<3))
        // Damage the second record's payload.
        bytes[32 + 24 + 7 + 24 + 2] ^= 0xFF
        Files.write(folder.appending("2026-12.log"), bytes)
        Files.write(folder.appending("2026-11.log"), (0..<100).map { UInt8($0) })
        mkfifo(folder.appending("2026-10.log"), 0o600)
        var reader = DeviceFolderReader(directory: folder.path)
        let pass = reader.read()
        #expect(Self.texts(pass) == ["event 0", "event 2"])
        #expect(pass.problems.count == 3, "\(pass.problems)")
        #expect(pass.problems.contains { $0.contains("FIFO") })
        #expect(pass.problems.contains { $0.contains("damaged bytes") })
        // Nothing new: nothing read, nothing reported again.
        let again = reader.read()
        #expect(again.records.isEmpty)
        #expect(again.problems.isEmpty)
    }

    @Test func aSegmentOfANewerFormatIsReadAsFarAsItsFramingGoes() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        var bytes = try Self.segment(Self.payloads(0..<2))
        // Version 2, checksum made again.
        bytes[8] = 2
        let checksum = CRC32C.checksum(Array(bytes[0..<28]))
        for index in 0..<4 { bytes[28 + index] = UInt8(truncatingIfNeeded: checksum >> (8 * index)) }
        bytes += (0..<40).map { _ in UInt8(7) }
        Files.write(folder.appending("2026-12.log"), bytes)
        var reader = DeviceFolderReader(directory: folder.path)
        let pass = reader.read()
        #expect(Self.texts(pass) == ["event 0", "event 1"])
        #expect(pass.problems.count == 1)
        #expect(pass.problems.first?.contains("newer format") == true)
    }
}
