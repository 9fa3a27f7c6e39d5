/// Why a `.varlink` file could not be read: what was wrong, and where (1-based line and column; 0 for a fault of
/// the whole, such as a name declared twice).
package struct VarlinkIDLError: Error, Equatable, Sendable, CustomStringConvertible {
    package var line: Int
    package var column: Int
    package var message: String

    package init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String { line > 0 ? "\(line):\(column): \(message)" : message }
}
