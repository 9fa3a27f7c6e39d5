import Glibc
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

    /// One message at a time, its whole length even when it does not fit, an empty message told from the end.
    @Test func messagesAreReadOneAtATimeAndTheEndIsToldFromAnEmptyOne() throws {
        var pair: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue), 0, &pair) == 0)
        let (reader, writer) = (FileDescriptor(rawValue: pair[0]), FileDescriptor(rawValue: pair[1]))
        defer { try? reader.close() }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 1)
        defer { buffer.deallocate() }
        #expect(try UnixSocket.receiveMessage(reader, into: buffer) == nil)
        for message in [[1, 2, 3], [], [UInt8](repeating: 9, count: 600)] as [[UInt8]] {
            _ = message.withUnsafeBytes { send(writer.rawValue, $0.baseAddress, $0.count, 0) }
        }
        #expect(try UnixSocket.receiveMessage(reader, into: buffer) == 3)
        #expect(Array(buffer.prefix(3)) == [1, 2, 3])
        #expect(try UnixSocket.receiveMessage(reader, into: buffer) == 0)
        #expect(!UnixSocket.peerHasHungUp(reader))
        #expect(try UnixSocket.receiveMessage(reader, into: buffer) == 600)
        #expect(try UnixSocket.receiveMessage(reader, into: buffer) == nil)
        try writer.close()
        #expect(try UnixSocket.receiveMessage(reader, into: buffer) == 0)
        #expect(UnixSocket.peerHasHungUp(reader))
    }
}
