/// A Varlink interface as its description declares it (varlink.org, "Interface Definition"): its name, its
/// documentation and its members, in the order they are declared.
package struct VarlinkInterface: Equatable, Sendable {
    /// The reverse-domain name, e.g. `io.pace.Daemon`.
    package var name: String
    /// The comment lines before `interface`, without their `#`.
    package var documentation: [String]
    package var members: [Member]

    package init(name: String, documentation: [String], members: [Member]) {
        self.name = name
        self.documentation = documentation
        self.members = members
    }

    /// A `type`, `method` or `error` declaration.
    package enum Member: Equatable, Sendable {
        case type(VarlinkTypeDeclaration)
        case method(VarlinkMethodDeclaration)
        case error(VarlinkErrorDeclaration)

        /// The member's name, e.g. `GetStatus`.
        package var name: String {
            switch self {
            case .type(let declaration): declaration.name
            case .method(let declaration): declaration.name
            case .error(let declaration): declaration.name
            }
        }
    }

    package var types: [VarlinkTypeDeclaration] {
        members.compactMap { if case .type(let declaration) = $0 { declaration } else { nil } }
    }

    package var methods: [VarlinkMethodDeclaration] {
        members.compactMap { if case .method(let declaration) = $0 { declaration } else { nil } }
    }

    package var errors: [VarlinkErrorDeclaration] {
        members.compactMap { if case .error(let declaration) = $0 { declaration } else { nil } }
    }
}

/// `type Name (…)`: a named struct or enum.
package struct VarlinkTypeDeclaration: Equatable, Sendable {
    package var name: String
    package var documentation: [String]
    /// A struct or an enum (never another kind of type).
    package var definition: VarlinkType

    package init(name: String, documentation: [String], definition: VarlinkType) {
        self.name = name
        self.documentation = documentation
        self.definition = definition
    }
}

/// `method Name(…) -> (…)`.
package struct VarlinkMethodDeclaration: Equatable, Sendable {
    package var name: String
    package var documentation: [String]
    package var parameters: [VarlinkField]
    package var reply: [VarlinkField]

    package init(name: String, documentation: [String], parameters: [VarlinkField], reply: [VarlinkField]) {
        self.name = name
        self.documentation = documentation
        self.parameters = parameters
        self.reply = reply
    }
}

/// `error Name (…)`.
package struct VarlinkErrorDeclaration: Equatable, Sendable {
    package var name: String
    package var documentation: [String]
    package var fields: [VarlinkField]

    package init(name: String, documentation: [String], fields: [VarlinkField]) {
        self.name = name
        self.documentation = documentation
        self.fields = fields
    }
}

/// `name: type` in a struct, with the comment lines before it.
package struct VarlinkField: Equatable, Sendable {
    package var name: String
    package var type: VarlinkType
    package var documentation: [String]

    package init(name: String, type: VarlinkType, documentation: [String] = []) {
        self.name = name
        self.type = type
        self.documentation = documentation
    }
}

/// A name in an enum, with the comment lines before it.
package struct VarlinkEnumCase: Equatable, Sendable {
    package var name: String
    package var documentation: [String]

    package init(name: String, documentation: [String] = []) {
        self.name = name
        self.documentation = documentation
    }
}

/// The type of a field.
package indirect enum VarlinkType: Equatable, Sendable {
    case bool
    case int
    case float
    case string
    /// Any JSON value.
    case object
    /// A type the interface declares with `type`.
    case named(String)
    /// `?T`: the value may be absent (or `null`).
    case optional(VarlinkType)
    /// `[]T`
    case array(VarlinkType)
    /// `[string]T`: an object with string keys.
    case dictionary(VarlinkType)
    /// `(name: T, …)`
    case structure([VarlinkField])
    /// `(name, …)`: one of these strings.
    case enumeration([VarlinkEnumCase])
}
