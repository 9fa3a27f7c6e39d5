/// A Varlink error reply: a fully qualified error name and its parameters.
package struct VarlinkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `interface.ErrorName`, for example `org.varlink.service.MethodNotFound`.
    package var name: String
    /// The error's parameters as declared in the interface description.
    package var parameters: [String: JSONValue]

    /// Creates the error `name` with `parameters`.
    package init(_ name: String, _ parameters: [String: JSONValue] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    package var description: String {
        parameters.isEmpty
            ? name
            : name + " ("
                + parameters.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
                + ")"
    }

    // The errors of `org.varlink.service` the wire layer itself gives. `VarlinkService` has them typed, generated from
    // the interface; these spell them out so that the fuzzer's build needs nothing generated (a test holds the two
    // equal).

    /// `org.varlink.service.MethodNotFound`: no such method on this service.
    package static func methodNotFound(_ method: String) -> VarlinkError {
        VarlinkError("org.varlink.service.MethodNotFound", ["method": .string(method)])
    }

    /// `org.varlink.service.InterfaceNotFound`: no such interface on this service.
    package static func interfaceNotFound(_ interface: String) -> VarlinkError {
        VarlinkError("org.varlink.service.InterfaceNotFound", ["interface": .string(interface)])
    }

    /// `org.varlink.service.InvalidParameter`: `parameter` is missing, of the wrong type or out of range.
    package static func invalidParameter(_ parameter: String) -> VarlinkError {
        VarlinkError("org.varlink.service.InvalidParameter", ["parameter": .string(parameter)])
    }

    /// `org.varlink.service.PermissionDenied`.
    package static let permissionDenied = VarlinkError("org.varlink.service.PermissionDenied")

    /// `org.varlink.service.ExpectedMore`: the method streams and must be called with `more: true`.
    package static let expectedMore = VarlinkError("org.varlink.service.ExpectedMore")
}
