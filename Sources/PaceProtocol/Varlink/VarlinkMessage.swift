package import FoundationEssentials

// The fuzzer (`make fuzz`, FUZZ_SOURCES in the Makefile) compiles this file into one module with PaceJSON's source
// files, where there is no PaceJSON to import.
#if canImport(PaceJSON)
package import PaceJSON
#endif

/// One method call as it arrives on the wire:
/// `{"method": "io.pace.Daemon.GetStatus", "parameters": {…}, "oneway": true, "more": true, "upgrade": true}`.
package struct VarlinkCall: Sendable {
    /// The fully qualified method name, `interface.Method`.
    package var method: String
    /// The caller wants no reply.
    package var oneway: Bool
    /// The caller accepts several replies (a stream); each but the last has `continues: true`.
    package var more: Bool
    /// The caller will speak another protocol on this connection after the reply.
    package var upgrade: Bool
    /// The whole message, for reading the parameters when they are asked for.
    private var message: Message
    /// Whether the envelope was read by ``fastHeader(_:)``: then `parameters` is there at most once, and the
    /// parameters' own readers (`JSONReadable`) may read it.
    private var envelopeRead = false

    private enum Message: Sendable {
        /// Scanned once by ``JSONDocument``: the envelope was read from it, the parameters are read from it too.
        case scanned(JSONDocument)
        /// Read by the reference, Foundation's `JSONDecoder` (``reference(decoding:)``, for tests).
        case reference(Data)
    }

    private struct Header: Decodable {
        var method: String
        var oneway: Bool?
        var more: Bool?
        var upgrade: Bool?
    }

    private struct ParametersEnvelope<Parameters: Decodable>: Decodable {
        var parameters: Parameters?
    }

    /// Decodes the envelope of a call.
    ///
    /// The message is scanned once (``JSONDocument``); the envelope is read from it now and the parameters when they
    /// are asked for, without scanning it again.
    /// - Parameter message: One message without its NUL terminator.
    /// - Throws: ``VarlinkProtocolError`` when it is not a JSON object with a string `method`.
    package init(decoding message: Data) throws(VarlinkProtocolError) {
        try Self.checkUTF8(message)
        let header: Header
        let document: JSONDocument
        var fast = false
        do {
            document = try JSONDocument([UInt8](message))
            if let read = document.withObject(Self.fastHeader) {
                header = read
                fast = true
            } else {
                header = try document.decode(Header.self)
            }
        } catch {
            throw VarlinkProtocolError(reason: "not a Varlink call: \(VarlinkJSON.describe(error))")
        }
        try self.init(header: header, message: .scanned(document))
        envelopeRead = fast
    }

    /// The envelope as `Header`'s `Decodable` conformance reads it, without `Decoder`, when it holds nothing but a
    /// call's members, each once (`parameters` is read later, by its type); `nil` for anything else, which that
    /// conformance then reads.
    private static func fastHeader(_ fields: inout JSONObjectFields) -> Header? {
        guard let method = fields.string("method"), let more = fields.optionalBool("more"),
            let oneway = fields.optionalBool("oneway"), let upgrade = fields.optionalBool("upgrade")
        else { return nil }
        fields.skip("parameters")
        guard fields.allRead else { return nil }
        return Header(method: method, oneway: oneway, more: more, upgrade: upgrade)
    }

    /// The call as the reference, Foundation's `JSONDecoder`, reads it (for tests that compare the two).
    static func reference(decoding message: Data) throws(VarlinkProtocolError) -> VarlinkCall {
        try checkUTF8(message)
        let header: Header
        do {
            header = try VarlinkJSON.decoder().decode(Header.self, from: message)
        } catch {
            throw VarlinkProtocolError(reason: "not a Varlink call: \(VarlinkJSON.describe(error))")
        }
        return try VarlinkCall(header: header, message: .reference(message))
    }

    private init(header: Header, message: Message) throws(VarlinkProtocolError) {
        guard VarlinkCall.isQualifiedMethodName(header.method) else {
            throw VarlinkProtocolError(reason: "not a method name: \(header.method)")
        }
        method = header.method
        oneway = header.oneway ?? false
        more = header.more ?? false
        upgrade = header.upgrade ?? false
        self.message = message
    }

    /// JSON text is UTF-8; the decoder does not check strings it skips, so the whole message is checked.
    private static func checkUTF8(_ message: Data) throws(VarlinkProtocolError) {
        guard String(validating: message, as: UTF8.self) != nil else {
            throw VarlinkProtocolError(reason: "not valid UTF-8")
        }
    }

    /// The interface part of ``method``: everything before the last dot.
    package var interface: Substring {
        method[..<(method.lastIndex(of: ".") ?? method.startIndex)]
    }

    /// Decodes the call's parameters as `type`, reading them with their own reader (generated: `JSONReadable`) where
    /// it decides and with their `Decodable` conformance where it does not; an absent `parameters` field reads as
    /// `{}`.
    ///
    /// - Throws: ``VarlinkError`` `org.varlink.service.InvalidParameter` naming the parameter at fault.
    package func parameters<Parameters: Decodable & JSONReadable>(as type: Parameters.Type) throws(VarlinkError)
        -> Parameters
    {
        if envelopeRead, case .scanned(let document) = message,
            let read = document.withObject({ $0.optionalValue("parameters", Parameters.read) })
        {
            if let read { return read }
            if let empty = Self.noParameters?.read(Parameters.read) { return empty }
        }
        return try decodedParameters(type)
    }

    /// Decodes the call's parameters as `type`, a type that does not read itself, with its `Decodable` conformance;
    /// an absent `parameters` field reads as `{}`.
    ///
    /// - Throws: ``VarlinkError`` `org.varlink.service.InvalidParameter` naming the parameter at fault.
    package func parameters<Parameters: Decodable>(as type: Parameters.Type) throws(VarlinkError) -> Parameters {
        try decodedParameters(type)
    }

    private func decodedParameters<Parameters: Decodable>(_ type: Parameters.Type) throws(VarlinkError) -> Parameters {
        do {
            switch message {
            case .scanned(let document):
                if let parameters = try document.decode(ParametersEnvelope<Parameters>.self).parameters {
                    return parameters
                }
                return try JSONReader().decode(Parameters.self, from: Self.emptyObject)
            case .reference(let data):
                let envelope = try VarlinkJSON.decoder().decode(ParametersEnvelope<Parameters>.self, from: data)
                if let parameters = envelope.parameters { return parameters }
                return try VarlinkJSON.decoder().decode(Parameters.self, from: Data(Self.emptyObject))
            }
        } catch {
            throw .invalidParameter(VarlinkJSON.parameterName(of: error))
        }
    }

    private static let emptyObject: [UInt8] = [UInt8(ascii: "{"), UInt8(ascii: "}")]
    /// `{}` scanned, what an absent `parameters` reads as.
    private static let noParameters = try? JSONDocument(emptyObject)

    /// `interface.Method`: a reverse-domain interface name, a dot, and a method name starting upper case.
    static func isQualifiedMethodName(_ name: String) -> Bool {
        // ASCII names, which is every name that passes, are checked byte by byte: in ASCII every character is one
        // byte (the one two-byte character, CR LF, is neither a dot nor a letter or digit).
        let ascii = name.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot != 0, dot + 1 < bytes.count else {
                return false
            }
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[dot + 1]) else { return false }
            return bytes[(dot + 1)...].allSatisfy { byte in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
        }
        if let ascii = ascii ?? nil { return ascii }
        return isQualifiedMethodNameByCharacter(name)
    }

    /// ``isQualifiedMethodName(_:)`` character by character: the reference, and the way for names that are not ASCII.
    static func isQualifiedMethodNameByCharacter(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        let methodName = name[name.index(after: dot)...]
        guard let first = methodName.first, first.isASCII, first.isUppercase else { return false }
        return methodName.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}

/// Encodes the replies a server sends.
package enum VarlinkReply {
    private struct Envelope<Parameters: Encodable>: Encodable {
        // Declared in key order: the JSON writer then has nothing to sort.
        var continues: Bool?
        var error: String?
        var parameters: Parameters
    }

    /// A successful reply, NUL-terminated and ready to write.
    ///
    /// - Parameters:
    ///   - parameters: The method's output parameters.
    ///   - continues: `true` on every reply of a stream but the last.
    package static func encode(_ parameters: some Encodable, continues: Bool = false) -> [UInt8] {
        // The generated wire types write themselves: a fraction of the work of the `Encodable` conformance.
        if let writable = parameters as? any JSONWritable, let text = fast(writable, continues: continues) {
            return text
        }
        return frame(Envelope(continues: continues ? true : nil, error: nil, parameters: parameters))
    }

    /// The reply ``encode(_:continues:)`` writes, written by the parameters themselves; `nil` when they cannot be
    /// (a number JSON cannot write: the `Encodable` path gives the error).
    private static func fast(_ parameters: any JSONWritable, continues: Bool) -> [UInt8]? {
        JSONOutput.varlinkMessage(parameters) { output in
            if continues {
                output.member("continues")
                output.bool(true)
            }
        }
    }

    /// An error reply, NUL-terminated and ready to write.
    package static func encode(_ error: VarlinkError) -> [UInt8] {
        frame(Envelope(continues: nil, error: error.name, parameters: error.parameters))
    }

    private static func frame(_ envelope: some Encodable) -> [UInt8] {
        do {
            var bytes = try JSONWriter().encode(envelope)
            bytes.append(0)
            return bytes
        } catch {
            // Encoding Pace's own reply types cannot fail; if it ever did, the client still gets a reply.
            return Array(#"{"error":"org.varlink.service.InvalidParameter","parameters":{"parameter":"reply"}}"#.utf8)
                + [0]
        }
    }
}

/// A message that is not a Varlink call at all; the server closes the connection.
package struct VarlinkProtocolError: Error, Equatable, CustomStringConvertible {
    package var reason: String
    package var description: String { reason }
}

extension JSONOutput {
    /// A Varlink message written by its parameters themselves: an object with the members `leading` writes, then
    /// `parameters`, NUL-terminated and ready to send; `nil` when the parameters hold a number JSON cannot write.
    package static func varlinkMessage(
        _ parameters: some JSONWritable, leading: (inout JSONOutput) -> Void
    ) -> [UInt8]? {
        var output = JSONOutput()
        output.beginObject()
        leading(&output)
        output.member("parameters")
        parameters.write(to: &output)
        output.endObject()
        guard !output.failed else { return nil }
        var bytes = output.bytes
        bytes.append(0)
        return bytes
    }
}
