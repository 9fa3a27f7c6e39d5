/// Reads the text of a Varlink interface description (varlink.org, "Interface Definition") into a
/// ``VarlinkInterface``.
///
/// The grammar: `interface NAME`, then `type NAME STRUCT_OR_ENUM`, `method NAME STRUCT -> STRUCT` and
/// `error NAME STRUCT` in any order; a struct is `(name: TYPE, …)`, an enum `(name, …)`; a type is `bool`, `int`,
/// `float`, `string`, `object`, a declared type's name, an anonymous struct or enum, and any of these after `?`
/// (optional), `[]` (array) or `[string]` (map), which nest (`?[]?string`, but not `??string`). `#` starts a
/// comment to the end of the line; the comment lines right before a declaration, a field or an enum case (no
/// blank line between) are its documentation.
package struct VarlinkIDLParser {
    private let bytes: [UInt8]
    private var index = 0
    /// Comment lines read since the last blank line, the documentation of what comes next.
    private var comments: [String] = []

    private init(_ text: String) { bytes = Array(text.utf8) }

    /// The interface `text` describes.
    /// - Throws: ``VarlinkIDLError`` naming the line and column of the first thing that is not Varlink, a name
    ///   declared twice, or a type used but not declared.
    package static func parse(_ text: String) throws(VarlinkIDLError) -> VarlinkInterface {
        var parser = VarlinkIDLParser(text)
        let interface = try parser.interface()
        try check(interface)
        return interface
    }

    // MARK: - Declarations

    private mutating func interface() throws(VarlinkIDLError) -> VarlinkInterface {
        skipSpace()
        let documentation = takeComments()
        try keyword("interface")
        let name = try word(allowing: Self.isInterfaceNameByte, "an interface name")
        guard name.contains("."), name.first?.isLetter == true else {
            throw error("an interface name is reverse-domain, like org.example.Service")
        }
        var members: [VarlinkInterface.Member] = []
        while true {
            skipSpace()
            guard index < bytes.count else { break }
            let documentation = takeComments()
            let start = index
            let keyword = try word(allowing: Self.isNameByte, "type, method or error")
            let name = try memberName()
            switch keyword {
            case "type":
                skipSpace()
                let definition = try structOrEnum()
                members.append(
                    .type(VarlinkTypeDeclaration(name: name, documentation: documentation, definition: definition)))
            case "method":
                let parameters = try structFields()
                skipSpace()
                try expect("->")
                let reply = try structFields()
                members.append(
                    .method(
                        VarlinkMethodDeclaration(
                            name: name, documentation: documentation, parameters: parameters, reply: reply)))
            case "error":
                let fields = try structFields()
                members.append(
                    .error(VarlinkErrorDeclaration(name: name, documentation: documentation, fields: fields)))
            default:
                index = start
                throw error("expected type, method or error, found \(keyword)")
            }
        }
        return VarlinkInterface(name: name, documentation: documentation, members: members)
    }

    /// `(name: type, …)`, which must be a struct.
    private mutating func structFields() throws(VarlinkIDLError) -> [VarlinkField] {
        skipSpace()
        let start = index
        guard case .structure(let fields) = try structOrEnum() else {
            index = start
            throw error("expected a struct: (name: type, …)")
        }
        return fields
    }

    /// `(name: type, …)` or `(name, …)`; `()` is an empty struct.
    private mutating func structOrEnum() throws(VarlinkIDLError) -> VarlinkType {
        try expect("(")
        skipSpace()
        if take(")") { return .structure([]) }
        var fields: [VarlinkField] = []
        var cases: [VarlinkEnumCase] = []
        repeat {
            skipSpace()
            let documentation = takeComments()
            let name = try fieldName()
            skipSpace()
            if fields.isEmpty && cases.isEmpty {
                if take(":") {
                    fields.append(VarlinkField(name: name, type: try type(), documentation: documentation))
                } else {
                    cases.append(VarlinkEnumCase(name: name, documentation: documentation))
                }
            } else if !fields.isEmpty {
                try expect(":")
                fields.append(VarlinkField(name: name, type: try type(), documentation: documentation))
            } else {
                cases.append(VarlinkEnumCase(name: name, documentation: documentation))
            }
            skipSpace()
        } while take(",")
        skipSpace()
        try expect(")")
        return fields.isEmpty ? .enumeration(cases) : .structure(fields)
    }

    private mutating func type() throws(VarlinkIDLError) -> VarlinkType {
        skipSpace()
        if take("?") {
            let start = index
            if take("?") {
                index = start
                throw error("a type is optional once: ?type, not ??type")
            }
            return .optional(try nonOptionalType())
        }
        return try nonOptionalType()
    }

    private mutating func nonOptionalType() throws(VarlinkIDLError) -> VarlinkType {
        if take("[]") { return .array(try type()) }
        if take("[string]") { return .dictionary(try type()) }
        if index < bytes.count && bytes[index] == UInt8(ascii: "(") { return try structOrEnum() }
        let start = index
        let name = try word(allowing: Self.isNameByte, "a type")
        switch name {
        case "bool": return .bool
        case "int": return .int
        case "float": return .float
        case "string": return .string
        case "object": return .object
        default:
            guard Self.isTypeName(name) else {
                index = start
                throw error("expected a type (bool, int, float, string, object or a type name), found \(name)")
            }
            return .named(name)
        }
    }

    // MARK: - Names

    private mutating func memberName() throws(VarlinkIDLError) -> String {
        skipSpace()
        let start = index
        let name = try word(allowing: Self.isNameByte, "a name")
        guard Self.isTypeName(name) else {
            index = start
            throw error("a type, method or error name starts with a capital letter: \(name)")
        }
        return name
    }

    private mutating func fieldName() throws(VarlinkIDLError) -> String {
        let start = index
        let name = try word(allowing: Self.isNameByte, "a field name")
        guard name.first?.isLetter == true, !name.hasSuffix("_"), !name.contains("__") else {
            index = start
            throw error("a field name is letters and digits, words joined by single underscores: \(name)")
        }
        return name
    }

    /// `Name`: a capital letter, then letters and digits.
    private static func isTypeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    private static func isInterfaceNameByte(_ byte: UInt8) -> Bool {
        isNameByte(byte) && byte != UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    // MARK: - Text

    private mutating func word(allowing isPart: (UInt8) -> Bool, _ wanted: String) throws(VarlinkIDLError) -> String {
        skipSpace()
        let start = index
        while index < bytes.count && isPart(bytes[index]) { index += 1 }
        guard index > start else { throw error("expected \(wanted)") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func keyword(_ word: String) throws(VarlinkIDLError) {
        let start = index
        let found = try self.word(allowing: Self.isNameByte, word)
        guard found == word else {
            index = start
            throw error("expected \(word), found \(found)")
        }
    }

    private mutating func take(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard bytes.count - index >= utf8.count, Array(bytes[index..<index + utf8.count]) == utf8 else { return false }
        index += utf8.count
        return true
    }

    private mutating func expect(_ text: String) throws(VarlinkIDLError) {
        guard take(text) else { throw error("expected \(text)") }
    }

    /// Skips whitespace and comments, keeping the comment lines not followed by a blank line.
    private mutating func skipSpace() {
        var lineHasComment = false
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                if !lineHasComment && index > 0 && Self.lineIsBlank(bytes, before: index) { comments = [] }
                lineHasComment = false
                index += 1
            case UInt8(ascii: "#"):
                let start = index + 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
                var line = String(decoding: bytes[start..<index], as: UTF8.self)
                if line.hasPrefix(" ") { line.removeFirst() }
                while line.last?.isWhitespace == true { line.removeLast() }
                comments.append(line)
                lineHasComment = true
            default:
                return
            }
        }
    }

    /// Whether the line that ends at `newline` holds nothing but spaces.
    private static func lineIsBlank(_ bytes: [UInt8], before newline: Int) -> Bool {
        var position = newline - 1
        while position >= 0 && bytes[position] != UInt8(ascii: "\n") {
            guard [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[position]) else {
                return false
            }
            position -= 1
        }
        return true
    }

    private mutating func takeComments() -> [String] {
        defer { comments = [] }
        return comments
    }

    private func error(_ message: String) -> VarlinkIDLError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return VarlinkIDLError(line: line, column: column, message: message)
    }

    // MARK: - Checks

    /// Names are declared once, fields once in their struct, and every type used is declared.
    private static func check(_ interface: VarlinkInterface) throws(VarlinkIDLError) {
        var names = Set<String>()
        for member in interface.members where !names.insert(member.name).inserted {
            throw VarlinkIDLError(line: 0, column: 0, message: "\(member.name) is declared twice")
        }
        let types = Set(interface.types.map(\.name))
        func check(_ type: VarlinkType, in place: String) throws(VarlinkIDLError) {
            switch type {
            case .named(let name):
                guard types.contains(name) else {
                    throw VarlinkIDLError(line: 0, column: 0, message: "\(place) uses \(name), which is not declared")
                }
            case .optional(let inner), .array(let inner), .dictionary(let inner): try check(inner, in: place)
            case .structure(let fields): try check(fields, in: place)
            case .enumeration(let cases):
                var seen = Set<String>()
                for item in cases where !seen.insert(item.name).inserted {
                    throw VarlinkIDLError(line: 0, column: 0, message: "\(place) lists \(item.name) twice")
                }
            case .bool, .int, .float, .string, .object: break
            }
        }
        func check(_ fields: [VarlinkField], in place: String) throws(VarlinkIDLError) {
            var seen = Set<String>()
            for field in fields {
                guard seen.insert(field.name).inserted else {
                    throw VarlinkIDLError(line: 0, column: 0, message: "\(place) has the field \(field.name) twice")
                }
                try check(field.type, in: "\(place).\(field.name)")
            }
        }
        for member in interface.members {
            switch member {
            case .type(let declaration): try check(declaration.definition, in: declaration.name)
            case .method(let declaration):
                try check(declaration.parameters, in: declaration.name)
                try check(declaration.reply, in: declaration.name)
            case .error(let declaration): try check(declaration.fields, in: declaration.name)
            }
        }
    }
}
