import Dispatch
import PaceSystem

/// Runs `body` on the daemon's loop (``DaemonActor``) and waits for it: a blocking bridge for tests that drive
/// in-process daemon parts from a thread that is not the loop's.
package func onDaemonLoop<Result>(_ body: @DaemonActor () -> Result) -> Result {
    try! onDaemonLoop { () throws -> Result in body() }
}

/// Runs `body` on the daemon's loop (``DaemonActor``) and waits for it, passing on what it throws.
package func onDaemonLoop<Result>(_ body: @DaemonActor () throws -> Result) throws -> Result {
    precondition(!EventLoop.shared.isCurrent, "onDaemonLoop called on the loop would wait for itself")
    return try withoutActuallyEscaping(body) { body in
        // The closure and its result cross to the loop's thread and back; the semaphore orders the two.
        let transfer = Transfer(body)
        let done = DispatchSemaphore(value: 0)
        Task { @DaemonActor in
            transfer.result = Swift.Result { try transfer.body!() }
            // Let go of the closure before the caller goes on: it must not outlive `withoutActuallyEscaping`.
            transfer.body = nil
            done.signal()
        }
        done.wait()
        return try transfer.result!.get()
    }
}

/// What ``onDaemonLoop(_:)`` hands to the loop and gets back; only one thread touches it at a time.
private final class Transfer<Value>: @unchecked Sendable {
    var body: (@DaemonActor () throws -> Value)?
    var result: Result<Value, any Error>?

    init(_ body: @escaping @DaemonActor () throws -> Value) {
        self.body = body
    }
}
