import PaceProtocol
import PaceSystem

/// Where the daemon keeps its state and where it listens, from the XDG environment.
package struct DaemonLocations: Sendable, Equatable {
    /// `$XDG_STATE_HOME/pace`, by default `~/.local/state/pace`.
    package var stateDirectory: String
    /// The Unix socket path.
    package var socketPath: String

    package init(stateDirectory: String, socketPath: String) {
        self.stateDirectory = stateDirectory
        self.socketPath = socketPath
    }

    /// The locations the XDG base directory specification gives for `environment`.
    ///
    /// - Parameters:
    ///   - environment: The process environment (`XDG_STATE_HOME`, `HOME`, `XDG_RUNTIME_DIR`).
    ///   - socketPath: An explicit socket path that replaces the default.
    package static func resolve(environment: [String: String], socketPath: String? = nil) -> DaemonLocations {
        let state: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            state = xdg
        } else {
            state = homeDirectory(environment: environment) + "/.local/state"
        }
        return DaemonLocations(
            stateDirectory: state + "/pace",
            socketPath: socketPath ?? SocketLocation.defaultPath(environment: environment, userID: Syscall.userID)
        )
    }

    /// `$HOME`, or the password database's home directory when `HOME` is unset.
    static func homeDirectory(environment: [String: String]) -> String {
        if let home = environment["HOME"], home.hasPrefix("/") { return home }
        return UserAccount.homeDirectory() ?? "/"
    }
}
