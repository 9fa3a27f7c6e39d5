package import PaceJSON

/// The typed client of `io.pace.Daemon` that `pace` and tests use.
package struct PaceClient {
    /// The underlying connection, for methods without a convenience wrapper.
    package let connection: VarlinkClient

    /// Connects to `paced` at `socketPath`.
    ///
    /// - Throws: ``VarlinkClientError``; `.daemonUnavailable` when the daemon is not running.
    package init(socketPath: String, timeoutMilliseconds: Int = 5000) throws(VarlinkClientError) {
        connection = try VarlinkClient(socketPath: socketPath, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Calls `method` with `parameters`.
    package func call<Method: VarlinkMethod>(
        _ method: Method.Type,
        _ parameters: Method.Parameters
    ) throws(VarlinkClientError) -> Method.Reply {
        try connection.call(method, parameters)
    }

    /// Calls `method` with parameters that write themselves: text `Method.Parameters` reads (``VarlinkClient``).
    package func call<Method: VarlinkMethod>(
        _ method: Method.Type,
        writing parameters: some JSONWritable
    ) throws(VarlinkClientError) -> Method.Reply {
        try connection.call(method, writing: parameters)
    }

    /// `io.pace.Daemon.GetStatus`.
    package func status() throws(VarlinkClientError) -> PaceAPI.Status {
        try connection.call(PaceAPI.GetStatus.self, NoParameters()).status
    }

    /// `io.pace.Daemon.Watch`: calls `body` with every update until it returns `false` or the daemon leaves.
    package func watch(_ body: (PaceAPI.Watch.Reply) -> Bool) throws(VarlinkClientError) {
        try connection.stream(PaceAPI.Watch.self, NoParameters(), body)
    }
}
