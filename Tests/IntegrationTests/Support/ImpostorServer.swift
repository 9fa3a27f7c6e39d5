import FoundationEssentials
import Glibc
import PaceTestSupport

/// A Varlink server that runs as a user of the test's choosing, to see what a client sends it: it binds a socket
/// as root, drops to `uid` before `listen` (so `SO_PEERCRED` names `uid`), records every byte every client sends,
/// and answers each call with `MethodNotImplemented`, so a client that trusts it ends with exit status 70.
final class ImpostorServer {
    private let process: ChildProcess
    private let path: String

    private static let script = """
        import os, socket, sys
        path, uid = sys.argv[1], int(sys.argv[2])
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(path)
        os.chmod(path, 0o666)
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        listener.listen(8)
        print("listening", flush=True)
        received, connections = b"", 0
        while True:
            client, _ = listener.accept()
            client.settimeout(10)
            data = b""
            try:
                while not data.endswith(b"\\0"):
                    chunk = client.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except OSError:
                pass
            if data == b"STOP\\0":
                break
            connections += 1
            received += data
            if data.endswith(b"\\0"):
                reply = b'{"error":"org.varlink.service.MethodNotImplemented","parameters":{"method":"x.Call"}}\\0'
                client.sendall(reply)
            client.close()
        print("connections", connections, flush=True)
        print("received", received.replace(b"\\0", b" ").decode("utf-8", "replace"), flush=True)
        """

    /// Starts listening at `path` as `uid`.
    /// - Throws: ``TestFailure`` when it does not start listening.
    init(path: String, uid: UInt32, outputDirectory: String) throws {
        self.path = path
        process = try ChildProcess(
            "/usr/bin/python3", ["-c", Self.script, path, String(uid)], environment: ["PATH": "/usr/bin:/bin"],
            outputDirectory: outputDirectory)
        guard waitUntil({ process.standardOutput.contains("listening") || !process.isRunning }),
            process.isRunning
        else {
            throw TestFailure("the impostor server did not start: \(process.standardError)")
        }
    }

    /// Stops the server.
    /// - Returns: How many clients connected and everything they sent.
    func stop() throws -> (connections: Int, received: String) {
        let stopper = try RawVarlinkSocket(path: path)
        try stopper.send(message: "STOP")
        guard process.wait(timeoutMilliseconds: 30_000) == .exited(0) else {
            throw TestFailure("the impostor server failed: \(process.standardError)")
        }
        let lines = process.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        let connections = lines.first { $0.hasPrefix("connections ") }.flatMap { Int($0.dropFirst(12)) } ?? -1
        let received = lines.first { $0.hasPrefix("received ") }.map { String($0.dropFirst(9)) } ?? ""
        return (connections, received)
    }
}
