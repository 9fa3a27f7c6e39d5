import Glibc
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

/// The directory watch reports whole files under their final names, the way sync tools deliver them, and what
/// goes, in several directories through one inotify instance.
@Suite(.timeLimit(.minutes(1)))
@DaemonActor
struct DirectoryWatchTests {
    @Test func aFileWrittenInPiecesUnderATemporaryNameIsReportedOnceWhenRenamedIntoPlace() async throws {
        let folder = TemporaryDirectory(prefix: "pace-watch")
        defer { folder.remove() }
        let recorder = ChangeRecorder()
        let watch = try DirectoryWatch(handler: recorder.record)
        try watch.add(folder.path)

        // Syncthing: `.syncthing.NAME.tmp`, written in blocks, closed, renamed.
        let temporary = folder.appending(".syncthing.export.db.tmp")
        let fd = try FileDescriptor.open(temporary, .writeOnly, options: [.create], permissions: .ownerReadWrite)
        _ = try fd.writeAll(Array(repeating: UInt8(1), count: 4096))
        _ = try fd.writeAll(Array(repeating: UInt8(2), count: 4096))
        try fd.close()
        // Nextcloud's and a browser's names too.
        try write(folder.appending(".~export.db"))
        try write(folder.appending("export.db.part"))
        try write(folder.appending(".hidden"))
        try Syscall.rename(temporary, to: folder.appending("export.db"))

        #expect(await recorder.waitFor { $0.contains(.init(.fileReady, directory: folder.path, name: "export.db")) })
        #expect(recorder.changes == [.init(.fileReady, directory: folder.path, name: "export.db")])
    }

    @Test func aFileWrittenInPlaceIsReportedAtItsCloseNotAtEachWrite() async throws {
        let folder = TemporaryDirectory(prefix: "pace-watch")
        defer { folder.remove() }
        let recorder = ChangeRecorder()
        let watch = try DirectoryWatch(handler: recorder.record)
        try watch.add(folder.path)

        let fd = try FileDescriptor.open(
            folder.appending("track.gpx"), .writeOnly, options: [.create], permissions: .ownerReadWrite)
        _ = try fd.writeAll(Array("<gpx>".utf8))
        _ = try fd.writeAll(Array("</gpx>".utf8))
        await recorder.turnOfTheLoop()
        #expect(recorder.changes.isEmpty)
        try fd.close()
        #expect(await recorder.waitFor { !$0.isEmpty })
        #expect(recorder.changes == [.init(.fileReady, directory: folder.path, name: "track.gpx")])

        // Grown: appended and closed again, reported again.
        let again = try FileDescriptor.open(folder.appending("track.gpx"), .writeOnly, options: [.append])
        _ = try again.writeAll(Array("\n".utf8))
        try again.close()
        #expect(await recorder.waitFor { $0.count == 2 })
    }

    @Test func aDirectoryAddedReportingWritesReportsAFileAppendedInPlaceBeforeItsClose() async throws {
        let folder = TemporaryDirectory(prefix: "pace-watch")
        defer { folder.remove() }
        let recorder = ChangeRecorder()
        let watch = try DirectoryWatch(handler: recorder.record)
        try watch.add(folder.path, reportingWrites: true)
        #expect(watch.watches(folder.path))

        // A log on a shared drive: kept open, appended to.
        let fd = try FileDescriptor.open(
            folder.appending("2026-12.log"), .writeOnly, options: [.create], permissions: .ownerReadWrite)
        _ = try fd.writeAll(Array("record".utf8))
        #expect(await recorder.waitFor { !$0.isEmpty })
        #expect(recorder.changes.allSatisfy { $0 == .init(.fileWritten, directory: folder.path, name: "2026-12.log") })
        try fd.close()
        #expect(
            await recorder.waitFor { $0.last == .init(.fileReady, directory: folder.path, name: "2026-12.log") })

        // Added again without it: only the close is reported.
        try watch.add(folder.path)
        let reported = recorder.changes.count
        let again = try FileDescriptor.open(folder.appending("2026-12.log"), .writeOnly, options: [.append])
        _ = try again.writeAll(Array("more".utf8))
        await recorder.turnOfTheLoop()
        #expect(recorder.changes.count == reported)
        try again.close()
        #expect(await recorder.waitFor { $0.count > reported })
        #expect(
            recorder.changes.dropFirst(reported) == [.init(.fileReady, directory: folder.path, name: "2026-12.log")])
    }

    @Test func severalDirectoriesGoneFilesSubdirectoriesAndTheDirectoryItself() async throws {
        let first = TemporaryDirectory(prefix: "pace-watch")
        let second = TemporaryDirectory(prefix: "pace-watch")
        defer {
            first.remove()
            second.remove()
        }
        try write(first.appending("old.csv"))
        _ = try Syscall.mkdir(first.appending("devices"), .ownerReadWriteExecute)
        _ = try Syscall.mkdir(first.appending(".stversions"), .ownerReadWriteExecute)
        let recorder = ChangeRecorder()
        let watch = try DirectoryWatch(handler: recorder.record)
        let listing = try watch.add(first.path)
        #expect(listing == .init(files: ["old.csv"], subdirectories: ["devices"]))
        try watch.add(second.path)
        #expect(Set(watch.directories) == [first.path, second.path])

        try Syscall.unlink(first.appending("old.csv"))
        _ = try Syscall.mkdir(second.appending("phone"), .ownerReadWriteExecute)
        try write(second.appending("b.tcx"))
        try Syscall.rename(second.appending("b.tcx"), to: first.appending("b.tcx"))
        #expect(await recorder.waitFor { $0.count == 5 })
        #expect(
            recorder.changes == [
                .init(.fileGone, directory: first.path, name: "old.csv"),
                .init(.subdirectoryAppeared, directory: second.path, name: "phone"),
                .init(.fileReady, directory: second.path, name: "b.tcx"),
                .init(.fileGone, directory: second.path, name: "b.tcx"),
                .init(.fileReady, directory: first.path, name: "b.tcx"),
            ])

        // A nested folder is followed once added; the directory itself going is reported once.
        try watch.add(second.appending("phone"))
        try write(second.appending("phone/c.gpx"))
        #expect(
            await recorder.waitFor { $0.last == .init(.fileReady, directory: second.appending("phone"), name: "c.gpx") }
        )
        try Syscall.unlink(second.appending("phone/c.gpx"))
        _ = rmdir(second.appending("phone"))
        #expect(
            await recorder.waitFor {
                $0.contains(.init(.directoryGone, directory: second.appending("phone"), name: ""))
            })
        #expect(recorder.changes.filter { $0.kind == .directoryGone }.count == 1)
        #expect(recorder.changes.last == .init(.subdirectoryGone, directory: second.path, name: "phone"))
        #expect(Set(watch.directories) == [first.path, second.path])

        // Renamed away: the old path no longer names it, so its watch ends.
        try Syscall.rename(first.path, to: first.path + "-moved")
        defer { _ = try? Syscall.rename(first.path + "-moved", to: first.path) }
        #expect(await recorder.waitFor { $0.contains(.init(.directoryGone, directory: first.path, name: "")) })
        #expect(watch.directories == [second.path])
    }

    @Test func hiddenNamesAreReportedWhenTheFilterAdmitsThemButTemporaryNamesNever() async throws {
        let folder = TemporaryDirectory(prefix: "pace-watch")
        defer { folder.remove() }
        let recorder = ChangeRecorder()
        let watch = try DirectoryWatch(filter: .init(ignoresHiddenNames: false), handler: recorder.record)
        try watch.add(folder.path)
        try write(folder.appending(".syncthing.a.tmp"))
        try write(folder.appending("~syncthing~a.tmp"))
        try write(folder.appending(".profile"))
        #expect(await recorder.waitFor { !$0.isEmpty })
        await recorder.turnOfTheLoop()
        #expect(recorder.changes == [.init(.fileReady, directory: folder.path, name: ".profile")])
        #expect(DirectoryWatch.NameFilter.isTemporary("export.db.part"))
        #expect(!DirectoryWatch.NameFilter.isTemporary("export.db"))
    }

    @Test func aMissingDirectoryIsAClearError() throws {
        let watch = try DirectoryWatch { _ in }
        #expect(throws: SystemError.self) { try watch.add("/nonexistent/pace-inbox") }
        #expect(watch.directories.isEmpty)
    }

    private func write(_ path: String) throws {
        let fd = try FileDescriptor.open(path, .writeOnly, options: [.create, .truncate], permissions: .ownerReadWrite)
        _ = try fd.writeAll(Array("x".utf8))
        try fd.close()
    }
}

/// Collects what a watch reports and lets a test wait for it on the loop.
@DaemonActor
private final class ChangeRecorder {
    private(set) var changes: [DirectoryWatch.Change] = []
    private var waiter: (id: Int, condition: ([DirectoryWatch.Change]) -> Bool, done: CheckedContinuation<Bool, Never>)?
    private var waits = 0

    func record(_ new: [DirectoryWatch.Change]) {
        changes += new
        if let waiter, waiter.condition(changes) {
            self.waiter = nil
            waiter.done.resume(returning: true)
        }
    }

    /// Waits until `condition` holds for what was reported (false after 20 s).
    func waitFor(_ condition: @escaping ([DirectoryWatch.Change]) -> Bool) async -> Bool {
        if condition(changes) { return true }
        waits += 1
        let id = waits
        return await withCheckedContinuation { done in
            waiter = (id, condition, done)
            // Ends this wait only: an earlier wait's timer must not end a later one.
            LoopTimer { [weak self] in
                guard let self, let waiter = self.waiter, waiter.id == id else { return }
                self.waiter = nil
                waiter.done.resume(returning: false)
            }.schedule(after: .seconds(20))
        }
    }

    /// Lets the loop read what the kernel has queued so far.
    func turnOfTheLoop() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            LoopTimer { done.resume() }.schedule(after: .milliseconds(50))
        }
    }
}
