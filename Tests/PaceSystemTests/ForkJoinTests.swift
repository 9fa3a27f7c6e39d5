import Glibc
import PaceSystem
import Synchronization
import Testing

/// Work on a thread of its own: `ForkJoin.run` (both halves at once) and `ForkJoin.Background` (work that runs
/// while the caller goes on, joined when its result is wanted).
@Suite struct ForkJoinTests {
    @Test func bothHalvesRunAndBothResultsComeBack() {
        let (other, here) = ForkJoin.run({ pthread_self() }, while: { pthread_self() })
        #expect(other != here)
    }

    /// How often the background work said it was done.
    final class Calls: Sendable {
        let count = Mutex(0)
    }

    @Test func backgroundWorkRunsOnAnotherThreadSaysWhenItIsDoneAndIsTakenOnce() {
        let caller = pthread_self()
        let finished = Calls()
        let work = ForkJoin.Background(
            { pthread_equal(pthread_self(), caller) == 0 ? 42 : -1 },
            finished: { finished.count.withLock { $0 += 1 } })
        #expect(work.join() == 42)
        #expect(finished.count.withLock { $0 } == 1)
        #expect(work.join() == nil)
    }
}
