import Synchronization

/// Decoders (or encoders) kept between documents, with the containers they made (``ContainerCache``) and their
/// scratch space: a program that decodes or writes many documents, as replay or a server does, makes each container
/// once.
final class CoderPool<Coder: AnyObject & Sendable>: Sendable {
    private let idle = Mutex<[Coder]>([])
    private let make: @Sendable () -> Coder

    /// The most coders kept: one for each thread that decodes (encodes) at once, in practice.
    private static var capacity: Int { 4 }

    init(_ make: @escaping @Sendable () -> Coder) { self.make = make }

    /// Runs `body` with a coder of the pool (or a new one), then returns it to the pool.
    func with<Result>(_ body: (Coder) throws -> Result) rethrows -> Result {
        let coder = idle.withLock { $0.popLast() } ?? make()
        defer { idle.withLock { if $0.count < Self.capacity { $0.append(coder) } } }
        return try body(coder)
    }
}

/// The decoders of ``JSONReader`` and ``JSONDocument``.
let decoders = CoderPool { JSONDecoding() }

/// The encoders of ``JSONWriter``.
let encoders = CoderPool { JSONEncoding() }
