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
        if !work.start() { work.body() }
        let ours = here()
        work.join()
        // The other thread stored its result before it ended, and it has been joined.
        return (result.value.withLock { $0.take()! }, ours)
    }

    /// Where the other thread leaves its result.
    private final class Slot<Value: Sendable>: Sendable {
        let value = Mutex<Value?>(nil)
    }

    /// The other thread's work.
    private final class Work: Sendable {
        let body: @Sendable () -> Void
        private let thread = Mutex<pthread_t?>(nil)

        init(_ body: @escaping @Sendable () -> Void) { self.body = body }

        /// Starts a thread that runs ``body``; `false` if none could be made.
        func start() -> Bool {
            let context = Unmanaged.passRetained(self).toOpaque()
            var made = pthread_t()
            let started = pthread_create(
                &made, nil,
                { context in
                    Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().body()
                    return nil
                }, context)
            guard started == 0 else {
                Unmanaged<Work>.fromOpaque(context).release()
                return false
            }
            thread.withLock { $0 = made }
            return true
        }

        /// Waits for the thread ``start()`` made, if it made one.
        func join() {
            if let made = thread.withLock({ $0.take() }) { pthread_join(made, nil) }
        }
    }
}
