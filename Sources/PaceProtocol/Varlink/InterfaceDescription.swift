/// A Varlink interface description: its name, the IDL text `GetInterfaceDescription` serves, and what it declares.
///
/// The text lives in `Interfaces/*/*.varlink`; the `EmbedVarlinkPlugin` build step turns each file into a static
/// member of this type (and into the Swift types of its methods and errors), so the file is the single source of
/// the interface.
package struct InterfaceDescription: Sendable, Hashable {
    /// The interface's reverse-domain name, e.g. `io.pace.Daemon`.
    package var name: String
    /// The description text, exactly as in its `.varlink` file.
    package var text: String
    /// The fully qualified names of the methods the description declares.
    package var methodNames: [String]
    /// The fully qualified names of the errors the description declares.
    package var errorNames: [String]

    package init(name: String, text: String, methodNames: [String], errorNames: [String]) {
        self.name = name
        self.text = text
        self.methodNames = methodNames
        self.errorNames = errorNames
    }

    /// Every interface `paced` implements, in the order `GetInfo` lists them.
    package static let served: [InterfaceDescription] = [orgVarlinkService, ioPaceDaemon]

    /// The served interface called `name`, if any.
    package static func served(named name: some StringProtocol) -> InterfaceDescription? {
        served.first { $0.name == name }
    }
}
