// libFuzzer target for the Varlink frame and message parser: `make fuzz` (long), `make fuzz-smoke` (in `make test`).
//
// Built by the Makefile with `swiftc -sanitize=fuzzer,address` together with the PaceProtocol files it
// exercises, so no SwiftPM `main` gets in the way of libFuzzer's.
import FoundationEssentials

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVarlinkMessages(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: start, count: count))
    guard let first = input.first else { return 0 }
    // The first byte picks how the stream is cut into reads, so split and coalesced reads both get tested.
    let chunk = Int(first % 17) + 1
    let limit = 256
    var reader = VarlinkFrameReader(maximumMessageSize: limit)
    var offset = 1
    while offset < input.count {
        let end = min(input.count, offset + chunk)
        reader.append(input[offset..<end])
        offset = end
        while true {
            let message: ArraySlice<UInt8>
            do {
                guard let next = try reader.nextMessage() else { break }
                message = next
            } catch {
                return 0  // the connection would be closed here
            }
            precondition(!message.contains(0), "a message must not contain its terminator")
            precondition(message.count <= limit, "a message must respect the limit")
            exercise(Data(message))
        }
        precondition(reader.pendingByteCount <= limit + chunk, "pending input must stay bounded")
    }
    return 0
}

private struct Probe: Codable, Equatable {
    var interface: String?
    var count: Int?
    var flags: [Bool]?
    var nested: [String: Double]?
}

private func exercise(_ message: Data) {
    // The one-scan reading of a call (FlatCallScanner) must read what the reference reads, or leave it to it.
    let reference = Result { () throws(VarlinkProtocolError) in try VarlinkCall.reference(decoding: message) }
    guard let call = try? VarlinkCall(decoding: message) else {
        precondition((try? reference.get()) == nil, "the scan refused a call the reference reads")
        return
    }
    let expected = try? reference.get()
    precondition(
        expected?.method == call.method && expected?.oneway == call.oneway && expected?.more == call.more
            && expected?.upgrade == call.upgrade, "the scan read another envelope than the reference")
    if let expected {
        let fast = Result { () throws(VarlinkError) in try call.parameters(as: Probe.self) }
        let slow = Result { () throws(VarlinkError) in try expected.parameters(as: Probe.self) }
        precondition(fast == slow, "the scan read other parameters than the reference")
    }
    precondition(call.method.contains("."), "a decoded call names interface.Method")
    _ = call.interface
    if let probe = try? call.parameters(as: Probe.self) {
        _ = VarlinkReply.encode(probe, continues: true)
    }
    if let value = try? call.parameters(as: JSONValue.self) {
        _ = VarlinkReply.encode(value)
        _ = value.text
    }
    if case .failure(let error) = Result(catching: { try call.parameters(as: [String: Int].self) }) {
        _ = VarlinkReply.encode(error as? VarlinkError ?? .invalidParameter("parameters"))
    }
}
