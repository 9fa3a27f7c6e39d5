import Glibc
import Synchronization

/// Work shared with one more thread for a moment: `paced`'s start-up decodes its log on two processors.
package enum ForkJoin {
    /// Whether a second thread can run at the same time as this one: more than one processor is online.
    package static let hasSecondProcessor = sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1

    /// Runs `other` on a new thread while `here` runs on the calling one, and returns both results once both have
    /// finished.
    ///
    /// Should no thread be available (`pthread_create` fails: a process or memory limit), both run here, `other`
    /// first: the work is done either way.
    package static func run<Other: Sendable, Here>(
        _ other: @escaping @Sendable () -> Other, while here: () -> Here
    ) -> (Other, Here) {
        let result = Slot<Other>()
        let work = Work {
            let value = other()
            result.value.withLock { $0 = value }
        }
        let context = Unmanaged.passRetained(work).toOpaque()
        var thread = pthread_t()
        let started =
            pthread_create(
                &thread, nil,
                { context in
                    Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().body()
                    return nil
                }, context) == 0
        if !started {
            Unmanaged<Work>.fromOpaque(context).release()
            work.body()
        }
        let ours = here()
        if started { pthread_join(thread, nil) }
        // The other thread stored its result before it ended, and it has been joined.
        return (result.value.withLock { $0.take()! }, ours)
    }

    /// The other thread's work; a class, since a C thread's start routine takes one pointer and no generic context.
    private final class Work: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Where the other thread leaves its result.
    private final class Slot<Value: Sendable>: Sendable {
        let value = Mutex<Value?>(nil)
    }
}
