/// A Varlink interface description: its name and the IDL text `GetInterfaceDescription` serves.
///
/// The text lives in `Interfaces/*.varlink`; the `EmbedVarlinkPlugin` build step turns each file into a
/// static member of this type, so the file is the single source of the description.
package struct InterfaceDescription: Sendable, Hashable {
    /// The interface's reverse-domain name, e.g. `io.pace.Daemon`.
    package var name: String
    /// The description text, exactly as in its `.varlink` file.
    package var text: String

    package init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// Every interface `paced` implements, in the order `GetInfo` lists them.
    package static let served: [InterfaceDescription] = [orgVarlinkService, ioPaceDaemon]

    /// The served interface called `name`, if any.
    package static func served(named name: some StringProtocol) -> InterfaceDescription? {
        served.first { $0.name == name }
    }
}

extension InterfaceDescription {
    /// The fully qualified names of the methods this description declares (`method Name(` lines).
    package var methodNames: [String] { declarations("method") }

    /// The fully qualified names of the errors this description declares (`error Name` lines).
    package var errorNames: [String] { declarations("error") }

    private func declarations(_ keyword: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(keyword + " ") else { return nil }
            let rest = line.dropFirst(keyword.count + 1)
            let name = rest.prefix { $0.isLetter || $0.isNumber }
            return name.isEmpty ? nil : "\(self.name).\(name)"
        }
    }
}
