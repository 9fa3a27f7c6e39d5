import Foundation
import PaceProtocol
import PaceTestSupport
import Synchronization
import Testing

/// Group commit and fairness (issue 22, item 6): the calls answered in one turn of paced's loop share one
/// `fdatasync`, none is answered before it, and a client sending thousands of calls at once does not keep another
/// client's call waiting behind all of them.
@Suite struct GroupCommitTests {
    static func checkIn(_ index: Int) -> [UInt8] {
        Array(#"{"method":"io.pace.Daemon.CheckIn","parameters":{"stress":\#(index % 11)}}"#.utf8) + [0]
    }

    static func health(_ daemon: DaemonProcess) throws -> PaceAPI.LogHealth {
        try PaceClient(socketPath: daemon.socketPath).call(PaceAPI.GetHealth.self, NoParameters()).health.log
    }

    /// Calls sent together are made durable together: fewer commits (each one `fdatasync`) than records. Were
    /// every call given its own `fdatasync` again, the commits would equal the records.
    @Test func callsSentTogetherShareOneFdatasync() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let before = try Self.health(daemon)
        let count = 200
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        try client.send(bytes: (0..<count).flatMap(Self.checkIn))
        for _ in 0..<count {
            let reply = try #require(client.receiveJSON(timeoutMilliseconds: 30_000), "a check-in was not answered")
            try #require(reply["error"] == nil, "\(reply)")
        }
        let after = try Self.health(daemon)
        #expect(after.committedRecords - before.committedRecords == count)
        #expect(after.records - before.records == count)
        let commits = after.commits - before.commits
        #expect(commits >= 1)
        #expect(commits <= count / 2, "\(commits) fdatasyncs for \(count) check-ins sent at once")
        // Everything acknowledged is in the log, and survives a restart.
        #expect(daemon.stop() == .exited(0))
        try daemon.start()
        #expect(try Self.health(daemon).records == after.records)
        #expect(daemon.stop() == .exited(0))
    }

    /// What the pipelining client has received so far, shared with the thread that reads its replies.
    final class Progress: Sendable {
        let replies = Atomic<Int>(0)
        let failure = Mutex<String?>(nil)
    }

    /// One client pipelines 3,000 check-ins (sent from one thread, its replies read on another, as a client that
    /// keeps up does); another client's GetStatus and CheckIn, sent once the first replies came, are answered
    /// within `pace`'s own timeout and before the pipelining client has all its replies. No turn answered more
    /// than 32 of the pipelined calls (paced's per-connection limit): with one commit per turn, it took at least
    /// 3,000 / 32 commits, where answering all that one read brings in (64 KiB, about 1,000 of these calls) would
    /// take as few as 3.
    @Test func aPipeliningClientDoesNotStarveOthers() throws {
        let daemon = try DaemonProcess()
        // The log holds the check-ins only, whatever the time the test runs at.
        try daemon.turnMorningCheckInOff()
        try daemon.start()
        let before = try Self.health(daemon)
        let count = 3000
        let pipeliner = try RawVarlinkSocket(path: daemon.socketPath)
        let progress = Progress()
        let calls = (0..<count).flatMap(Self.checkIn)
        let sender = Thread {
            do { try pipeliner.send(bytes: calls) } catch { progress.failure.withLock { $0 = "send: \(error)" } }
        }
        let reader = Thread {
            for _ in 0..<count {
                guard let reply = pipeliner.receiveJSON(timeoutMilliseconds: 60_000), reply["error"] == nil else {
                    progress.failure.withLock { $0 = "a pipelined check-in was not answered" }
                    return
                }
                progress.replies.add(1, ordering: .releasing)
            }
        }
        sender.start()
        reader.start()
        // Once paced is busy with the pipelined calls (without a fixed sleep: until the first replies came).
        while progress.replies.load(ordering: .acquiring) == 0 && progress.failure.withLock({ $0 }) == nil {
            usleep(1000)
        }
        try #require(progress.failure.withLock { $0 } == nil, "\(progress.failure.withLock { $0 } ?? "")")

        // `pace`'s client, with `pace`'s timeout (5 s): it fails if paced does not answer in time.
        let other = try PaceClient(socketPath: daemon.socketPath, timeoutMilliseconds: 5000)
        _ = try other.status()
        _ = try other.call(PaceAPI.CheckIn.self, .init(energy: 4))
        let repliesWhenAnswered = progress.replies.load(ordering: .acquiring)
        #expect(repliesWhenAnswered < count, "the other client was answered only after all \(count) pipelined calls")

        while progress.replies.load(ordering: .acquiring) < count && progress.failure.withLock({ $0 }) == nil {
            usleep(1000)
        }
        #expect(progress.failure.withLock { $0 } == nil, "\(progress.failure.withLock { $0 } ?? "")")
        let after = try Self.health(daemon)
        #expect(after.records == count + 1)
        let callsPerTurn = 32
        #expect(after.commits - before.commits >= (count + callsPerTurn - 1) / callsPerTurn)
        #expect(daemon.stop() == .exited(0))
    }
}
