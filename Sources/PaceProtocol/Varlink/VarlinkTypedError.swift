import PaceJSON

/// An error a Varlink interface declares, as a Swift value: its qualified name and its fields, typed.
///
/// `EmbedVarlink` generates one for every `error` of an interface description (`PaceAPI.InvalidValue`,
/// `VarlinkService.InvalidParameter`); ``VarlinkError`` is the same error as it travels, name and parameters.
package protocol VarlinkTypedError: Error, Codable, Sendable, Equatable {
    /// `interface.ErrorName`, for example `io.pace.Daemon.InvalidValue`.
    static var name: String { get }
}

extension VarlinkError {
    /// The error reply for `error`: its name, and its fields as parameters.
    package init(_ error: some VarlinkTypedError) {
        // Encoding a generated error's fields cannot fail: they are strings, numbers and booleans.
        let parameters = try? JSONReader().decode([String: JSONValue].self, from: JSONWriter().encode(error))
        self.init(type(of: error).name, parameters ?? [:])
    }

    /// This error as `type`, if it is one: it has `type`'s name and the parameters `type` declares.
    package func typed<Typed: VarlinkTypedError>(as type: Typed.Type) -> Typed? {
        guard name == Typed.name, let bytes = try? JSONWriter().encode(parameters) else { return nil }
        return try? JSONReader().decode(Typed.self, from: bytes)
    }
}
