import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

@Suite struct UnixSocketTests {
    @Test func probeTellsFreeStaleAndLiveSocketsApart() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let path = root.appending("s.sock")
        #expect(try UnixSocket.probe(path) == .none)

        let listener = try UnixSocket.listen(at: path)
        #expect(try UnixSocket.probe(path) == .liveSocket)

        // Closing the listener leaves the file behind, as a crashed daemon would.
        try listener.close()
        #expect(try UnixSocket.probe(path) == .staleSocket)

        try Syscall.unlink(path)
        let file = try FileDescriptor.open(path, .writeOnly, options: [.create], permissions: .ownerReadWrite)
        try file.close()
        #expect(try UnixSocket.probe(path) == .notASocket)
    }

    @Test func peerCredentialsNameThisProcess() throws {
        let root = TemporaryDirectory()
        defer { root.remove() }
        let path = root.appending("s.sock")
        let listener = try UnixSocket.listen(at: path)
        defer { try? listener.close() }
        let client = try UnixSocket.connect(to: path)
        defer { try? client.close() }
        let accepted = try #require(try UnixSocket.accept(listener))
        defer { try? accepted.close() }
        let peer = try UnixSocket.peerCredentials(accepted)
        #expect(peer.pid == Syscall.processID)
        #expect(peer.uid == Syscall.userID)
        #expect(try UnixSocket.accept(listener) == nil)
    }

    @Test func overlongPathIsAClearError() {
        let path = "/tmp/" + String(repeating: "x", count: UnixSocket.maximumPathLength)
        #expect(throws: SystemError("socket", errno: .fileNameTooLong, path: path)) {
            _ = try UnixSocket.listen(at: path)
        }
    }
}
