package import PaceJSON

/// A Varlink method described as a type: its fully qualified name and its typed input and output.
///
/// Clients call `VarlinkClient.call(_:_:)` with the type, and the daemon registers a handler for it, so
/// a method's name and the shape of its parameters are written once.
package protocol VarlinkMethod {
    /// The input parameters.
    associatedtype Parameters: Codable, Sendable
    /// The output parameters of each reply.
    associatedtype Reply: Codable, Sendable
    /// `interface.Method`, e.g. `io.pace.Daemon.GetStatus`.
    static var name: String { get }
}

/// The parameters (or reply) of a method that has none.
package struct NoParameters: Codable, Sendable, Equatable, JSONWritable {
    package init() {}

    /// Writes `{}`, as ``JSONWriter`` writes it.
    package func write(to output: inout JSONOutput) {
        output.beginObject()
        output.endObject()
    }
}
