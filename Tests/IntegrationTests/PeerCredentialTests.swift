import FoundationEssentials
import Glibc
import PaceProtocol
import PaceSystem
import PaceTestSupport
import Testing

/// Only the daemon's own user (or root) may talk to it, even if the socket's permissions were opened up.
@Suite struct PeerCredentialTests {
    static let canSwitchUser = getuid() == 0 && access("/usr/bin/setpriv", X_OK) == 0

    @Test(.enabled(if: canSwitchUser, "needs root and setpriv to act as another user"))
    func aClientOfAnotherUserIsRefusedAndLogged() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        // Open the way on purpose, so only the SO_PEERCRED check stands between the stranger and the daemon.
        chmod(daemon.root.path, 0o755)
        chmod(daemon.root.appending("runtime"), 0o755)
        chmod(daemon.root.appending("runtime/pace"), 0o755)
        chmod(daemon.socketPath, 0o777)
        let script = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX)
            s.connect(sys.argv[1])
            s.settimeout(5)
            try:
                s.sendall(b'{"method":"org.varlink.service.GetInfo"}\\0')
                data = s.recv(65536)
            except (BrokenPipeError, ConnectionResetError):
                data = b""
            print("reply" if data else "closed")
            """
        let result = try Executables.run(
            "/usr/bin/setpriv",
            ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script, daemon.socketPath],
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.standardOutput == "closed\n", "\(result.standardError)")
        // The owner is still served (once the socket's directory is private again: `pace` trusts no other).
        chmod(daemon.root.appending("runtime/pace"), 0o700)
        #expect(try daemon.pace().status == 0)
        #expect(daemon.stop() == .exited(0))
        #expect(daemon.process?.standardError.contains("refused a client of user 65534") == true)
    }
}
