/// The typed client of `io.pace.Daemon` that `pace` and tests use.
package struct PaceClient {
    private let connection: VarlinkClient

    /// Connects to `paced` at `socketPath`.
    ///
    /// - Throws: ``VarlinkClientError``; `.daemonUnavailable` when the daemon is not running.
    package init(socketPath: String, timeoutMilliseconds: Int = 5000) throws(VarlinkClientError) {
        connection = try VarlinkClient(socketPath: socketPath, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// `io.pace.Daemon.GetStatus`.
    package func status() throws(VarlinkClientError) -> Status {
        try connection.call(Method.getStatus, NoParameters(), returning: StatusReply.self).status
    }

    /// `org.varlink.service.GetInfo`.
    package func serviceInfo() throws(VarlinkClientError) -> ServiceInfo {
        try connection.call(Method.getInfo, NoParameters(), returning: ServiceInfo.self)
    }
}
