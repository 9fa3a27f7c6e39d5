import PaceProtocol
import Testing

@Suite struct VarlinkFrameReaderTests {
    private func messages(_ reader: inout VarlinkFrameReader) throws -> [String] {
        var result: [String] = []
        while let message = try reader.nextMessage() { result.append(String(decoding: message, as: UTF8.self)) }
        return result
    }

    @Test func splitsCoalescedMessages() throws {
        var reader = VarlinkFrameReader()
        reader.append(Array("{\"a\":1}\0{\"b\":2}\0{\"c\"".utf8))
        #expect(try messages(&reader) == ["{\"a\":1}", "{\"b\":2}"])
        #expect(reader.pendingByteCount == 4)
        reader.append(Array(":3}\0".utf8))
        #expect(try messages(&reader) == ["{\"c\":3}"])
        #expect(reader.pendingByteCount == 0)
    }

    @Test func reassemblesAMessageDeliveredOneByteAtATime() throws {
        let stream = Array("{\"method\":\"io.pace.Daemon.GetStatus\"}\0{}\0".utf8)
        var reader = VarlinkFrameReader()
        var received: [String] = []
        for byte in stream {
            reader.append([byte])
            received += try messages(&reader)
        }
        #expect(received == ["{\"method\":\"io.pace.Daemon.GetStatus\"}", "{}"])
    }

    @Test func everySplitPointYieldsTheSameMessages() throws {
        let stream = Array("{\"x\":\"ä\"}\0\0{\"y\":[1,2]}\0".utf8)
        for split in 0...stream.count {
            var reader = VarlinkFrameReader()
            reader.append(stream[..<split])
            var received = try messages(&reader)
            reader.append(stream[split...])
            received += try messages(&reader)
            #expect(received == ["{\"x\":\"ä\"}", "", "{\"y\":[1,2]}"], "split at \(split)")
        }
    }

    @Test func refusesAMessageOverTheLimitEvenBeforeItsEnd() throws {
        var reader = VarlinkFrameReader(maximumMessageSize: 8)
        reader.append(Array("12345678\0".utf8))
        #expect(try messages(&reader) == ["12345678"])
        reader.append(Array("123456789".utf8))
        #expect(throws: VarlinkFrameReader.Failure.messageTooLarge(limit: 8)) { _ = try reader.nextMessage() }
        var terminated = VarlinkFrameReader(maximumMessageSize: 8)
        terminated.append(Array("123456789\0".utf8))
        #expect(throws: VarlinkFrameReader.Failure.messageTooLarge(limit: 8)) { _ = try terminated.nextMessage() }
    }
}
