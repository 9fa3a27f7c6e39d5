import Glibc
import Synchronization
import SystemPackage

/// A Unix file descriptor that arrived in a D-Bus message (`h`), duplicated out of it: sd-bus closes the
/// message's own copy when the message goes. Whoever ``take()``s it owns it from then on; one nobody took is
/// closed when the last reference to it goes, so a reply that arrives too late, or that nobody reads, leaks nothing.
final class ReceivedFileDescriptor: Sendable, Equatable, CustomStringConvertible {
    /// The descriptor, or -1 once taken.
    private let raw: Atomic<Int32>

    /// Takes ownership of `descriptor` (close-on-exec, as every descriptor `paced` opens).
    init(_ descriptor: Int32) {
        raw = Atomic(descriptor)
    }

    deinit {
        let descriptor = raw.load(ordering: .relaxed)
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// The descriptor, handed over once: the caller closes it. `nil` when it was taken before.
    func take() -> FileDescriptor? {
        let descriptor = raw.exchange(-1, ordering: .acquiringAndReleasing)
        return descriptor >= 0 ? FileDescriptor(rawValue: descriptor) : nil
    }

    var description: String { "file descriptor \(raw.load(ordering: .relaxed))" }

    static func == (lhs: ReceivedFileDescriptor, rhs: ReceivedFileDescriptor) -> Bool { lhs === rhs }
}
