// libFuzzer target for the Varlink frame and message parser and the JSON reader and writer under it: `make fuzz`
// (long), `make fuzz-smoke` (in `make test`).
//
// Built by the Makefile with `swiftc -sanitize=fuzzer,address` together with the PaceJSON and PaceProtocol files it
// exercises (and the test oracle StrictJSON), so no SwiftPM `main` gets in the way of libFuzzer's.
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
            exercise(Array(message))
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

/// The members the fast path reads, as the `Codable` reader reads them.
private struct Fields: Decodable, Equatable {
    var method: String
    var count: Int
    var ratio: Double
    var oneway: Bool?
    var tags: [String]?
}

/// Where the reader and the reference may differ by design: text that is not JSON (the reader refuses it wherever
/// it is, the reference only where it reads), and integers written with a fraction and more than 19 significant
/// digits (the reference rounds them through `Decimal`).
private func comparable(_ bytes: [UInt8]) -> Bool {
    guard StrictJSON.isValid(bytes) else { return false }
    var digits = 0
    for byte in bytes {
        digits = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? digits + 1 : 0
        if digits > 19 { return false }
    }
    return true
}

private func exercise(_ message: [UInt8]) {
    let data = Data(message)
    let strict = comparable(message)
    // A call is read as the reference reads it, or, if it is not JSON, refused.
    let reference = Result { () throws(VarlinkProtocolError) in try VarlinkCall.reference(decoding: data) }
    let fast = Result { () throws(VarlinkProtocolError) in try VarlinkCall(decoding: data) }
    if !StrictJSON.isValid(message) {
        precondition((try? fast.get()) == nil, "the reader read a call that is not JSON")
    } else if strict {
        switch (fast, reference) {
        case (.success(let call), .success(let expected)):
            precondition(
                expected.method == call.method && expected.oneway == call.oneway && expected.more == call.more
                    && expected.upgrade == call.upgrade, "the reader read another envelope than the reference")
            let a = Result { () throws(VarlinkError) in try call.parameters(as: Probe.self) }
            let b = Result { () throws(VarlinkError) in try expected.parameters(as: Probe.self) }
            precondition(a == b, "the reader read other parameters than the reference")
        case (.failure(let a), .failure(let b)):
            precondition(a == b, "the reader refused a call otherwise than the reference")
        default:
            preconditionFailure("the reader and the reference disagree on whether this is a call")
        }
    }
    // Any JSON value: read as the reference reads it, and written as the reference writes it.
    let value = try? JSONReader().decode(JSONValue.self, from: message)
    if strict {
        precondition(value == (try? JSONDecoder().decode(JSONValue.self, from: data)), "values differ")
    }
    if let value {
        let written = try? JSONWriter().encode(value)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        precondition(written == (try? [UInt8](encoder.encode(value))), "the writer wrote other bytes than JSONEncoder")
        if let written {
            precondition((try? JSONReader().decode(JSONValue.self, from: written)) != nil, "written text does not read")
        }
    }
    // The fast path of reading an object gives the `Codable` reader's values, or gives up.
    message.withUnsafeBytes { bytes in
        JSONReader().withObject(bytes) { fields in
            guard let method = fields.string("method"), let count = fields.int("count"),
                let ratio = fields.double("ratio"), let oneway = fields.optionalBool("oneway"),
                let tags = fields.optionalStrings("tags")
            else { return }
            let read = Fields(method: method, count: count, ratio: ratio, oneway: oneway, tags: tags)
            if fields.allRead, let expected = try? JSONReader().decode(Fields.self, from: message) {
                precondition(read == expected, "the fast path read other values than the Codable reader")
            }
        }
    }
    // The one-pass reader of an object's members (the event decoder's) gives the `Codable` reader's values, or gives up.
    message.withUnsafeBytes { bytes in
        guard var members = JSONMemberScanner(bytes) else { return }
        var (method, count, ratio): (String?, Int?, Double?) = (nil, nil, nil)
        var (oneway, tags): (Bool??, [String]??) = (.some(nil), .some(nil))
        var seen: Set<UInt64> = []
        while let key = members.nextKey() {
            guard key.count <= 8, seen.insert(key.head).inserted else { return }
            let null = members.null()
            switch key.head {
            case head("method"): method = null ? nil : members.string()
            case head("count"): count = null ? nil : members.int()
            case head("ratio"): ratio = null ? nil : members.double()
            case head("oneway"): oneway = null ? .some(nil) : members.bool().map { .some($0) }
            case head("tags"): tags = null ? .some(nil) : members.strings().map { .some($0) }
            default: return
            }
        }
        guard members.endsText, let method, let count, let ratio, let oneway, let tags else { return }
        let read = Fields(method: method, count: count, ratio: ratio, oneway: oneway, tags: tags)
        precondition(
            read == (try? JSONReader().decode(Fields.self, from: message)),
            "the one-pass reader read other values than the Codable reader")
    }
    if let call = try? fast.get() {
        _ = call.interface
        if let probe = try? call.parameters(as: Probe.self) { _ = VarlinkReply.encode(probe, continues: true) }
        if case .failure(let error) = Result(catching: { try call.parameters(as: [String: Int].self) }) {
            _ = VarlinkReply.encode(error as? VarlinkError ?? .invalidParameter("parameters"))
        }
    }
}

/// The first eight bytes of `key` as ``JSONKeyText/head`` gives them.
private func head(_ key: StaticString) -> UInt64 {
    (0..<min(key.utf8CodeUnitCount, 8)).reduce(0) { $0 | UInt64(key.utf8Start[$1]) << (8 * UInt64($1)) }
}
