/// Why bytes are not JSON text: what was found, and where.
package struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The byte offset of the problem.
    package var offset: Int
    /// What is wrong there, e.g. "unexpected character `x` in an object".
    package var reason: String

    package init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    package var description: String { "\(reason) at byte \(offset)" }
}
