import FoundationEssentials
import Glibc
import PaceProtocol
import PaceSystem
import PaceTestSupport
import Testing

/// `Watch` streams cannot lock other clients out, hold connections after their clients left, or grow the daemon's
/// memory while they do not read (issue 22, item 5). Real sockets against a real `paced`.
@Suite struct StreamLimitTests {
    static let watch = #"{"method":"io.pace.Daemon.Watch","more":true}"#

    /// The daemon's open descriptors: one per client, besides its own few.
    private func descriptors(_ daemon: DaemonProcess) -> Int {
        (try? Syscall.directoryEntries("/proc/\(daemon.pid)/fd").count) ?? -1
    }

    /// The sockets the daemon has open (`socket:[INODE]`): its listener, its own, and one per client.
    private func sockets(_ daemon: DaemonProcess) -> Set<String> {
        let directory = "/proc/\(daemon.pid)/fd"
        let names = (try? Syscall.directoryEntries(directory)) ?? []
        return Set(
            names.compactMap { name in
                var target = [CChar](repeating: 0, count: 256)
                let count = readlink(directory + "/" + name, &target, target.count - 1)
                guard count > 0 else { return nil }
                let text = String(decoding: target[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                return text.hasPrefix("socket:") ? text : nil
            })
    }

    /// A `/proc/PID/status` figure in KiB (`VmRSS`, `VmHWM`).
    private func memory(_ field: String, of daemon: DaemonProcess) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(daemon.pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }

    /// A client that calls `Watch` and never reads a byte of its stream.
    private func silentWatcher(_ daemon: DaemonProcess) throws -> RawVarlinkSocket {
        let socket = try RawVarlinkSocket(path: daemon.socketPath)
        try socket.send(message: Self.watch)
        return socket
    }

    /// A request/reply client is answered (within 5 s: the machine may be busy).
    private func expectAnswered(
        _ daemon: DaemonProcess, timeoutMilliseconds: Int = 5000, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let client = try PaceClient(socketPath: daemon.socketPath, timeoutMilliseconds: timeoutMilliseconds)
            #expect(try client.status().pid == Int(daemon.pid), sourceLocation: sourceLocation)
        } catch {
            Issue.record("a request/reply client was not answered: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func fiveHundredTwelveStreamsThatNeverReadLeaveRoomForOtherClients() throws {
        // The reproduction: 512 such streams took every connection, and every other client was refused.
        ResourceLimits.raiseOpenFileLimit()
        let daemon = try DaemonProcess()
        try daemon.start()
        let idle = descriptors(daemon)
        var watchers: [RawVarlinkSocket] = []
        for _ in 0..<512 { watchers.append(try silentWatcher(daemon)) }
        // Answered once the daemon has read every call before it (in the order it accepted them), and before
        // anything read a stream: the last to come are followed; the first ones made room (they were not reading).
        expectAnswered(daemon, timeoutMilliseconds: 30_000)
        #expect(watchers[0].waitForClose(timeoutMilliseconds: 10_000))
        expectAnswered(daemon)
        #expect(try daemon.pace("status").status == 0)
        #expect(waitUntil { descriptors(daemon) <= idle + 64 }, "\(descriptors(daemon) - idle) clients remain")
        let newest = try #require(watchers.last)
        #expect(!newest.waitForClose(timeoutMilliseconds: 200))
        #expect(daemon.stop() == .exited(0))
        #expect(daemon.process?.standardError.contains("refused a client") == false)
        withExtendedLifetime(watchers) {}
    }

    @Test func aStreamBeyondSixtyFourClosesTheOldestNotReadingElseTheOldest() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        var readers: [RawVarlinkSocket] = []
        for _ in 0..<63 {
            let reader = try RawVarlinkSocket(path: daemon.socketPath)
            try reader.send(message: Self.watch)
            #expect(reader.receive() != nil)
            readers.append(reader)
        }
        let silent = try silentWatcher(daemon)
        // It follows once its first update is in its socket, unread.
        #expect(silent.hasInput())
        let newcomer = try RawVarlinkSocket(path: daemon.socketPath)
        try newcomer.send(message: Self.watch)
        #expect(newcomer.receive() != nil)
        #expect(silent.waitForClose())
        // Every stream now reads: the next newcomer closes the oldest.
        let another = try RawVarlinkSocket(path: daemon.socketPath)
        try another.send(message: Self.watch)
        #expect(another.receive() != nil)
        #expect(readers[0].waitForClose())
        #expect(!readers[1].waitForClose(timeoutMilliseconds: 200))
        #expect(daemon.stop() == .exited(0))
    }

    @Test func streamsThatNeverReadAreDroppedAndTheDaemonsMemoryStaysFlat() throws {
        // The reproduction: 370 such streams grew RSS from 24 to 400 MB while the state changed.
        ResourceLimits.raiseOpenFileLimit()
        let daemon = try DaemonProcess()
        try daemon.start()
        var watchers: [RawVarlinkSocket] = []
        for _ in 0..<200 { watchers.append(try silentWatcher(daemon)) }
        expectAnswered(daemon)
        let before = memory("VmRSS", of: daemon)
        let writer = try RawVarlinkSocket(path: daemon.socketPath)
        // Each change goes to every stream: ~500 bytes each, 1,500 of them (750 kB a stream).
        for change in 0..<1_500 {
            try writer.send(message: #"{"method":"io.pace.Daemon.CheckIn","parameters":{"energy":\#(change % 11)}}"#)
            guard writer.receive(timeoutMilliseconds: 10_000) != nil else {
                Issue.record("check-in \(change) was not answered")
                break
            }
        }
        let peak = memory("VmHWM", of: daemon)
        #expect(peak - before < 24 * 1024, "RSS went from \(before) KiB to a peak of \(peak) KiB")
        #expect(watchers.allSatisfy { $0.waitForClose(timeoutMilliseconds: 10_000) })
        expectAnswered(daemon)
        #expect(daemon.stop() == .exited(0))
        #expect(daemon.process?.standardError.contains("is not reading its replies; dropping it") == true)
    }

    @Test(arguments: ["after reading", "without reading", "after half-closing"])
    func aStreamWhoseClientLeavesIsClosedAtOnce(how: String) throws {
        // The reproduction: such a stream held its connection until the next change.
        let daemon = try DaemonProcess()
        try daemon.start()
        let before = sockets(daemon)
        let watcher = try RawVarlinkSocket(path: daemon.socketPath)
        try watcher.send(message: Self.watch)
        if how == "after half-closing" { watcher.shutdownWrite() }
        if how != "without reading" { #expect(watcher.receive() != nil) }
        #expect(waitUntil { !sockets(daemon).subtracting(before).isEmpty })
        let connection = sockets(daemon).subtracting(before)
        watcher.close()
        // No change of state follows: only the hang-up can tell the daemon.
        #expect(waitUntil(timeoutMilliseconds: 5_000) { sockets(daemon).isDisjoint(with: connection) }, "\(how)")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func aClientThatClosesMidMessageIsClosedAtOnce() throws {
        // The reproduction: half a message and a close held a descriptor for the 60 s idle timeout.
        let daemon = try DaemonProcess()
        try daemon.start()
        let before = sockets(daemon)
        var connections = Set<String>()
        for _ in 0..<20 {
            let client = try RawVarlinkSocket(path: daemon.socketPath)
            try client.send(bytes: Array(#"{"method":"org.varlink.service.GetIn"#.utf8))
            // Seen by the daemon first, so that its closing the connection is what the test waits for.
            #expect(waitUntil { !sockets(daemon).subtracting(before).subtracting(connections).isEmpty })
            connections.formUnion(sockets(daemon).subtracting(before))
            client.close()
        }
        #expect(
            waitUntil(timeoutMilliseconds: 5_000) { sockets(daemon).isDisjoint(with: connections) },
            "\(sockets(daemon).intersection(connections).count) of 20 still open")
        #expect(daemon.stop() == .exited(0))
    }
}
