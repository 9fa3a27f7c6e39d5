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
        let theirs = Background(other, finished: {})
        let ours = here()
        // Taken once, here: the work stored its result before its thread ended.
        return (theirs.join()!, ours)
    }

    /// Work that runs on a thread of its own while the calling thread goes on: `paced` checks the log records its
    /// snapshot vouched for once it is serving. ``join()`` waits for it and takes its result.
    package final class Background<Value: Sendable> {
        private let result = Slot<Value>()
        private var thread: pthread_t?

        /// Starts `work` on a new thread; `finished` runs on that thread once the result can be taken. Should no
        /// thread be available (`pthread_create` fails), both run here, now: the work is done either way.
        package init(_ work: @escaping @Sendable () -> Value, finished: @escaping @Sendable () -> Void) {
            let result = self.result
            let body = Work {
                let value = work()
                result.value.withLock { $0 = value }
                finished()
            }
            let context = Unmanaged.passRetained(body).toOpaque()
            var thread = pthread_t()
            let started =
                pthread_create(
                    &thread, nil,
                    { context in
                        Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().body()
                        return nil
                    }, context) == 0
            if started {
                self.thread = thread
            } else {
                Unmanaged<Work>.fromOpaque(context).release()
                body.body()
            }
        }

        /// Waits for the work to finish and returns its result; `nil` once it was taken.
        package func join() -> Value? {
            if let thread {
                pthread_join(thread, nil)
                self.thread = nil
            }
            return result.value.withLock { $0.take() }
        }

        deinit {
            if let thread { pthread_detach(thread) }
        }
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
