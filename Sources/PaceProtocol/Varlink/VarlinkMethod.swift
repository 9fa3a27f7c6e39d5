package import PaceJSON

/// A Varlink method described as a type: its fully qualified name and its typed input and output.
///
/// Clients call `VarlinkClient.call(_:_:)` with the type, and the daemon registers a handler for it, so
/// a method's name and the shape of its parameters are written once. Both read and write themselves
/// (`JSONReadable`, `JSONWritable`: generated) beside their `Codable` conformances, which decide what the fast paths
/// leave to them.
package protocol VarlinkMethod {
    /// The input parameters.
    associatedtype Parameters: Codable, Sendable, JSONReadable, JSONWritable
    /// The output parameters of each reply.
    associatedtype Reply: Codable, Sendable, JSONReadable, JSONWritable
    /// `interface.Method`, e.g. `io.pace.Daemon.GetStatus`.
    static var name: String { get }
}

/// The parameters (or reply) of a method that has none.
package struct NoParameters: Codable, Sendable, Equatable, JSONWritable, JSONReadable {
    package init() {}

    /// An object without members, as the `Decodable` conformance reads one (members it does not know are left to
    /// it, which ignores them).
    package static func read(_ value: JSONValueView) -> NoParameters? { value.object { _ in NoParameters() } }

    /// Writes `{}`, as ``JSONWriter`` writes it.
    package func write(to output: inout JSONOutput) {
        output.beginObject()
        output.endObject()
    }
}
