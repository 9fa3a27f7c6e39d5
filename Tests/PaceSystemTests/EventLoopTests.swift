import Glibc
import PaceSystem
import SystemPackage
import Testing

/// The daemon's loop: Swift jobs, descriptors, timers and queued work all run on its one thread, in order.
@Suite(.timeLimit(.minutes(1)))
@DaemonActor
struct EventLoopTests {
    @Test func isolatedWorkRunsOnTheLoopThread() async {
        #expect(EventLoop.shared.isCurrent)
        let elsewhere = await Task.detached { EventLoop.shared.isCurrent }.value
        #expect(!elsewhere)
    }

    @Test func aReadableDescriptorRunsItsHandlerAndACancelledOneDoesNot() async throws {
        let (read, write) = try Syscall.pipe()
        defer {
            try? read.close()
            try? write.close()
        }
        try Syscall.setNonBlocking(read)
        var received: [UInt8] = []
        var watch: IOWatch?
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            do {
                watch = try IOWatch(read, for: .readable) { events in
                    #expect(events.contains(.readable))
                    var bytes = [UInt8](repeating: 0, count: 16)
                    while let count = try? bytes.withUnsafeMutableBytes({ try read.read(into: $0) }), count > 0 {
                        received += bytes[..<count]
                    }
                    if received.count == 3 { done.resume() }
                }
                _ = try write.writeAll([1, 2, 3])
            } catch {
                Issue.record(error)
                done.resume()
            }
        }
        #expect(received == [1, 2, 3])

        // Cancelled: more data does not reach the handler, even if the loop wakes for something else.
        watch?.cancel()
        _ = try write.writeAll([4])
        await turnOfTheLoop()
        #expect(received == [1, 2, 3])
        #expect(watch?.isActive == false)
    }

    @Test func aWatchCancelledAndDroppedByAnotherInTheSameBatchNeverRuns() async throws {
        let first = try Syscall.pipe()
        let second = try Syscall.pipe()
        defer {
            for end in [first.read, first.write, second.read, second.write] { try? end.close() }
        }
        var ran: [String] = []
        var watches: [String: IOWatch] = [:]
        for (name, other, read) in [("first", "second", first.read), ("second", "first", second.read)] {
            watches[name] = try IOWatch(read, for: .readable) { _ in
                ran.append(name)
                // Cancelled and its last reference dropped, while the batch that woke the loop may still name it.
                watches[other]?.cancel()
                watches[other] = nil
                watches[name]?.cancel()
            }
        }
        // Both become readable before the loop next waits, so one batch reports both.
        _ = try first.write.writeAll([1])
        _ = try second.write.writeAll([1])
        await turnOfTheLoop()
        #expect(ran.count == 1)
    }

    @Test func writableInterestIsReportedOnlyWhileAskedFor() async throws {
        let (read, write) = try Syscall.pipe()
        defer {
            try? read.close()
            try? write.close()
        }
        var writableReports = 0
        var watch: IOWatch?
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            do {
                watch = try IOWatch(write, for: .writable) { events in
                    #expect(events.contains(.writable))
                    writableReports += 1
                    // Level-triggered: it would be reported on every turn; asking for nothing stops that.
                    try? watch?.watch(for: [])
                    done.resume()
                }
            } catch {
                Issue.record(error)
                done.resume()
            }
        }
        await turnOfTheLoop()
        await turnOfTheLoop()
        #expect(writableReports == 1)
        #expect(watch?.interest == [])
        watch?.cancel()
    }

    @Test func aTimerFiresOnceAfterItsDelayAndACancelledOneNever() async {
        let start = Clocks.monotonicNanoseconds()
        var fired: [String] = []
        let cancelled = LoopTimer { fired.append("cancelled") }
        cancelled.schedule(after: .milliseconds(20))
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let timer = LoopTimer {
                fired.append("due")
                done.resume()
            }
            // Re-arming replaces the deadline: the timer fires once, at the later one.
            timer.schedule(after: .milliseconds(10))
            timer.schedule(after: .milliseconds(40))
            cancelled.cancel()
            #expect(timer.isArmed)
        }
        #expect(Clocks.monotonicNanoseconds() - start >= 40_000_000)
        await turnOfTheLoop()
        #expect(fired == ["due"])
        #expect(!cancelled.isArmed)
    }

    @Test func queuedWorkRunsLaterInTheOrderItWasQueued() async {
        var order: [Int] = []
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DaemonActor.later { order.append(2) }
            DaemonActor.later {
                order.append(3)
                DaemonActor.later {
                    order.append(5)
                    done.resume()
                }
                order.append(4)
            }
            order.append(1)
        }
        #expect(order == [1, 2, 3, 4, 5])
    }

    @Test func jobsFromManyThreadsAllRunOnTheLoop() async {
        let counter = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask { await counter.increment() }
            }
        }
        #expect(counter.count == 200)
    }

    /// Lets the loop run everything queued so far, and one wait for descriptors.
    private func turnOfTheLoop() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            // An armed timer is kept by the loop until it fires.
            LoopTimer { done.resume() }.schedule(after: .milliseconds(1))
        }
    }
}

@DaemonActor
private final class Counter {
    private(set) var count = 0

    func increment() {
        #expect(EventLoop.shared.isCurrent)
        count += 1
    }
}
