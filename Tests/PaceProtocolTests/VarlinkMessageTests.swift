import FoundationEssentials
import PaceProtocol
import Testing

@Suite struct VarlinkMessageTests {
    private func call(_ json: String) throws -> VarlinkCall {
        try VarlinkCall(decoding: Data(json.utf8))
    }

    @Test func decodesMethodAndFlags() throws {
        let plain = try call(#"{"method":"io.pace.Daemon.GetStatus"}"#)
        #expect(plain.method == "io.pace.Daemon.GetStatus")
        #expect(plain.interface == "io.pace.Daemon")
        #expect(!plain.oneway && !plain.more && !plain.upgrade)
        let flagged = try call(#"{"method":"a.b.C","oneway":true,"more":true,"upgrade":true,"parameters":{}}"#)
        #expect(flagged.oneway && flagged.more && flagged.upgrade)
    }

    @Test(arguments: [
        "", "null", "[]", "{}", #"{"method":5}"#, #"{"method":"GetStatus"}"#, #"{"method":"io.pace.daemon.getStatus"}"#,
        #"{"method":"io.pace.Daemon.Get-Status"}"#, #"{"method":"io.pace.Daemon.GetStatus""#,
    ])
    func rejectsWhatIsNotACall(json: String) {
        #expect(throws: VarlinkProtocolError.self) { _ = try call(json) }
    }

    @Test func rejectsInvalidUTF8() {
        var bytes = Array(#"{"method":"a.b.C","parameters":{"x":""}}"#.utf8)
        bytes.insert(0xFF, at: bytes.count - 3)
        #expect(throws: VarlinkProtocolError.self) { _ = try VarlinkCall(decoding: Data(bytes)) }
    }

    @Test func wrongParameterTypeNamesTheParameter() throws {
        let request = try call(
            #"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":7}}"#)
        #expect(throws: VarlinkError.invalidParameter("interface")) {
            _ = try request.parameters(as: VarlinkService.GetInterfaceDescription.Parameters.self)
        }
        let missing = try call(#"{"method":"org.varlink.service.GetInterfaceDescription"}"#)
        #expect(throws: VarlinkError.invalidParameter("interface")) {
            _ = try missing.parameters(as: VarlinkService.GetInterfaceDescription.Parameters.self)
        }
        let good = try call(
            #"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":"io.pace.Daemon"}}"#)
        #expect(
            try good.parameters(as: VarlinkService.GetInterfaceDescription.Parameters.self).interface
                == "io.pace.Daemon")
    }

    @Test func encodesRepliesAndErrorsAsNulTerminatedJSON() throws {
        let reply = VarlinkReply.encode(VarlinkService.GetInterfaceDescription.Reply(description: "x"), continues: true)
        #expect(reply.last == 0)
        #expect(
            String(decoding: reply.dropLast(), as: UTF8.self) == #"{"continues":true,"parameters":{"description":"x"}}"#
        )
        let error = VarlinkReply.encode(VarlinkError.methodNotFound("a.b.C"))
        #expect(
            String(decoding: error.dropLast(), as: UTF8.self)
                == #"{"error":"org.varlink.service.MethodNotFound","parameters":{"method":"a.b.C"}}"#)
    }
}
