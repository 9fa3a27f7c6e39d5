import PaceProtocol

// Error replies as a daemon sends them, for the CLI's tests: by name, as the wire carries them, including names this
// `pace` does not know.
extension VarlinkError {
    /// `io.pace.Daemon.<name>` with a `message` and any other parameters.
    static func pace(_ name: String, message: String, _ parameters: [String: JSONValue] = [:]) -> VarlinkError {
        VarlinkError("\(PaceAPI.interface).\(name)", parameters.merging(["message": .string(message)]) { $1 })
    }

    static func logUnavailable(_ reason: String) -> VarlinkError {
        VarlinkError(PaceAPI.LogUnavailable(reason: reason))
    }

    static func invalidEvent(index: Int, reason: String) -> VarlinkError {
        VarlinkError(PaceAPI.InvalidEvent(index: index, reason: reason))
    }

    static func requestTooLarge(limit: Int) -> VarlinkError { VarlinkError(PaceAPI.RequestTooLarge(limit: limit)) }
}
