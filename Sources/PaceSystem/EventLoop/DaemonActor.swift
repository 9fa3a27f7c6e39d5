/// The actor every part of the daemon is isolated to: its executor is ``EventLoop/shared``, the daemon's one
/// thread, so whatever is marked `@DaemonActor` is confined to that thread and the compiler checks it.
///
/// Parts isolated to the same global actor call each other synchronously; code elsewhere reaches them with
/// `await`. Handlers that the loop runs (descriptors ready, timers due, work queued with ``later(_:)``) are
/// isolated to it too.
@globalActor
package actor DaemonActor {
    package static let shared = DaemonActor()

    package nonisolated var unownedExecutor: UnownedSerialExecutor {
        EventLoop.shared.asUnownedSerialExecutor()
    }

    /// Runs `body` on the loop after whatever runs now (and whatever was queued before it), never inside the
    /// caller's call: the way a handler reports something without running its listeners re-entrantly.
    @DaemonActor
    package static func later(_ body: @escaping @DaemonActor () -> Void) {
        Reactor.shared.queue(body)
    }

    /// The number of the loop's current turn: what runs in one turn — the work queued with ``later(_:)``, the
    /// timers due, then the handlers of the descriptors ready — has the same number, the next turn the next. For
    /// limits per turn (how many calls of one client are answered before the others have theirs).
    @DaemonActor
    package static var turn: UInt64 { Reactor.shared.turn }

    /// Runs `operation` isolated to the actor, when the caller is on the loop's thread without the compiler
    /// knowing it (the loop itself, a C callback the loop's work called); stops the process otherwise.
    ///
    /// The same as `MainActor.assumeIsolated`, which Swift has for the main actor only. The check is the loop's
    /// own (one comparison of thread ids), not the runtime's, which outside a Swift job asks the executor through a
    /// chain of lookups: the loop runs this for every batch of ready descriptors.
    package static func assumeIsolated<T>(_ operation: @DaemonActor () throws -> T) rethrows -> T {
        typealias Nonisolated = () throws -> T
        precondition(EventLoop.shared.isCurrent, "not on the daemon's event loop thread")
        return try withoutActuallyEscaping(operation) { operation in
            try unsafeBitCast(operation, to: Nonisolated.self)()
        }
    }
}
