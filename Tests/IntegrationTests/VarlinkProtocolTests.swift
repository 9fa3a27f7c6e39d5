import Foundation
import Glibc
import PaceProtocol
import PaceSystem
import PaceTestSupport
import SystemPackage
import Testing

/// The Varlink rules as the running daemon applies them, checked byte by byte with a raw socket.
@Suite struct VarlinkProtocolTests {
    private static let getInfo = #"{"method":"org.varlink.service.GetInfo"}"#
    private static let getStatus = #"{"method":"io.pace.Daemon.GetStatus"}"#

    private func error(_ reply: [String: Any]?) -> String? { reply?["error"] as? String }
    private func parameters(_ reply: [String: Any]?) -> [String: Any]? { reply?["parameters"] as? [String: Any] }

    @Test func pipelinedCallsAreAnsweredInOrder() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        let describe =
            #"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"io.pace.Daemon"}}"#
        try client.send(bytes: Array("\(Self.getInfo)\0\(Self.getStatus)\0\(describe)\0\(Self.getInfo)\0".utf8))
        let first = parameters(client.receiveJSON())
        let second = parameters(client.receiveJSON())
        let third = parameters(client.receiveJSON())
        let fourth = parameters(client.receiveJSON())
        #expect(first?["product"] as? String == "paced")
        #expect((second?["status"] as? [String: Any])?["pid"] as? Int == Int(daemon.pid))
        #expect((third?["description"] as? String)?.hasPrefix("# Pace") == true)
        #expect(fourth?["interfaces"] as? [String] == ["org.varlink.service", "io.pace.Daemon"])
        #expect(daemon.stop() == .exited(0))
    }

    @Test func aCallSplitIntoSingleBytesIsReassembled() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        for byte in Array(Self.getInfo.utf8) + [0] {
            try client.send(bytes: [byte])
            usleep(200)
        }
        #expect(parameters(client.receiveJSON())?["vendor"] as? String == "Pace")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func unknownNamesGetTheStandardErrors() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        try client.send(message: #"{"method":"io.pace.Daemon.NoSuchThing"}"#)
        let method = client.receiveJSON()
        #expect(error(method) == "org.varlink.service.MethodNotFound")
        #expect(parameters(method)?["method"] as? String == "io.pace.Daemon.NoSuchThing")
        try client.send(message: #"{"method":"org.example.Nope.Call"}"#)
        let interface = client.receiveJSON()
        #expect(error(interface) == "org.varlink.service.InterfaceNotFound")
        #expect(parameters(interface)?["interface"] as? String == "org.example.Nope")
        try client.send(
            message: #"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"x.y"}}"#)
        #expect(error(client.receiveJSON()) == "org.varlink.service.InterfaceNotFound")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func wrongParameterTypesNameTheParameter() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        try client.send(
            message: #"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":42}}"#)
        let reply = client.receiveJSON()
        #expect(error(reply) == "org.varlink.service.InvalidParameter")
        #expect(parameters(reply)?["parameter"] as? String == "interface")
        // The connection is still usable.
        try client.send(message: Self.getInfo)
        #expect(parameters(client.receiveJSON())?["product"] as? String == "paced")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func onewayCallsGetNoReply() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        try client.send(message: #"{"method":"org.varlink.service.GetInfo","oneway":true}"#)
        try client.send(message: #"{"method":"io.pace.Daemon.NoSuchThing","oneway":true}"#)
        try client.send(message: Self.getStatus)
        let reply = client.receiveJSON()
        #expect(parameters(reply)?["status"] != nil)
        #expect(client.receive(timeoutMilliseconds: 300) == nil)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func upgradeIsRefusedWithoutClosing() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        try client.send(message: #"{"method":"org.varlink.service.GetInfo","upgrade":true}"#)
        let reply = client.receiveJSON()
        #expect(error(reply) == "org.varlink.service.InvalidParameter")
        #expect(parameters(reply)?["parameter"] as? String == "upgrade")
        try client.send(message: Self.getInfo)
        #expect(parameters(client.receiveJSON())?["product"] as? String == "paced")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func watchStreamsWithMoreAndRequiresIt() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let plain = try RawVarlinkSocket(path: daemon.socketPath)
        try plain.send(message: #"{"method":"io.pace.Daemon.Watch"}"#)
        #expect(error(plain.receiveJSON()) == "org.varlink.service.ExpectedMore")

        let watcher = try RawVarlinkSocket(path: daemon.socketPath)
        try watcher.send(message: #"{"method":"io.pace.Daemon.Watch","more":true}"#)
        let first = watcher.receiveJSON()
        #expect(first?["continues"] as? Bool == true)
        #expect((parameters(first)?["status"] as? [String: Any])?["pid"] as? Int == Int(daemon.pid))
        // A call while streaming breaks the protocol: the daemon hangs up.
        try watcher.send(message: Self.getInfo)
        #expect(watcher.waitForClose())
        #expect(daemon.stop() == .exited(0))
    }

    @Test func aWatcherThatHalfClosesKeepsItsStream() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let watcher = try RawVarlinkSocket(path: daemon.socketPath)
        try watcher.send(message: #"{"method":"io.pace.Daemon.Watch","more":true}"#)
        watcher.shutdownWrite()
        #expect(watcher.receiveJSON()?["continues"] as? Bool == true)
        #expect(!watcher.waitForClose(timeoutMilliseconds: 300))
        #expect(daemon.stop() == .exited(0))
    }
}

/// Input nobody should send: the daemon answers what it can, closes what it must, and keeps serving others.
@Suite struct HostileInputTests {
    private func assertStillServing(_ daemon: DaemonProcess) throws {
        let started = Monotonic.milliseconds()
        let client = try PaceClient(socketPath: daemon.socketPath, timeoutMilliseconds: 1000)
        #expect(try client.status().pid == Int(daemon.pid))
        #expect(Monotonic.milliseconds() - started < 1000)
    }

    static let malformed: [(String, [UInt8])] = {
        let getInfo = Array(#"{"method":"org.varlink.service.GetInfo","x":""#.utf8)
        let invalidUTF8: [UInt8] = getInfo + [0xC3, 0x28] + Array("\"}".utf8) + [0]
        return [
            ("not json", Array("hello\0".utf8)),
            ("truncated json", Array(#"{"method":"org.varlink.service.GetInfo"#.utf8) + [0]),
            ("json array", Array("[1,2,3]\0".utf8)),
            ("no method", Array(#"{"parameters":{}}"#.utf8) + [0]),
            ("method of wrong type", Array(#"{"method":["a"]}"#.utf8) + [0]),
            ("invalid utf-8", invalidUTF8),
        ]
    }()

    @Test(arguments: malformed)
    func malformedMessagesGetAnErrorAndTheConnectionIsClosed(name: String, bytes: [UInt8]) throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        try client.send(bytes: bytes)
        let reply = client.receiveJSON()
        #expect(reply?["error"] as? String == "io.pace.Daemon.MalformedRequest", "\(name)")
        #expect(client.waitForClose(), "\(name)")
        try assertStillServing(daemon)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func anOversizedMessageIsRefusedBeforeItEnds() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        // 100 KiB without a NUL: the daemon must not wait for the end of it.
        try client.send(
            bytes: Array(#"{"method":"org.varlink.service.GetInfo","parameters":{"x":""#.utf8)
                + [UInt8](repeating: UInt8(ascii: "a"), count: 100 * 1024))
        let reply = client.receiveJSON()
        #expect(reply?["error"] as? String == "io.pace.Daemon.RequestTooLarge")
        #expect((reply?["parameters"] as? [String: Any])?["limit"] as? Int == 65_536)
        #expect(client.waitForClose())
        try assertStillServing(daemon)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func aMessageWithoutItsNulIsDroppedWhenTheClientLeaves() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let client = try RawVarlinkSocket(path: daemon.socketPath)
        try client.send(bytes: Array(#"{"method":"org.varlink.service.GetInfo"}"#.utf8))
        client.shutdownWrite()
        #expect(client.waitForClose())
        try assertStillServing(daemon)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func aClientThatNeverReadsIsDroppedAndOthersAreServed() throws {
        let daemon = try DaemonProcess()
        try daemon.start()
        let greedy = try RawVarlinkSocket(path: daemon.socketPath)
        // Each reply is ~4 KiB; 2,000 of them unread exceed the 1 MiB output bound.
        let call =
            Array(
                #"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"io.pace.Daemon"}}"#
                    .utf8)
            + [0]
        var batch: [UInt8] = []
        for _ in 0..<100 { batch += call }
        var sent = 0
        while sent < 2000 {
            do { try greedy.send(bytes: batch) } catch { break }  // the daemon may hang up mid-way
            sent += 100
            try assertStillServing(daemon)
        }
        #expect(greedy.waitForClose(timeoutMilliseconds: 30_000))
        try assertStillServing(daemon)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func aThousandConcurrentConnectionsDoNotLockOutAWellBehavedClient() throws {
        ResourceLimits.raiseOpenFileLimit()
        let daemon = try DaemonProcess()
        try daemon.start()
        var sockets: [RawVarlinkSocket] = []
        for index in 0..<1000 {
            let socket = try RawVarlinkSocket(path: daemon.socketPath)
            // Half of them sit on half a message.
            if index % 2 == 0 { try socket.send(bytes: Array(#"{"method":"org.varl"#.utf8)) }
            sockets.append(socket)
            if index % 250 == 249 { try assertStillServing(daemon) }
        }
        try assertStillServing(daemon)
        #expect(daemon.stop() == .exited(0))
        withExtendedLifetime(sockets) {}
    }
}
