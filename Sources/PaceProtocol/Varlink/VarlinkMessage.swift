package import FoundationEssentials

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
    /// The whole message, for the reference decoder when the fast scan gave up.
    private var message: Data
    /// The parameters as the fast scan read them, or `nil` when it gave up (``FlatCallScanner``).
    private var flatParameters: [(key: String, value: FlatScalar)]?

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
    /// A call of the common shape is read in one scan, its parameters with it (``FlatCallScanner``); anything
    /// else by `JSONDecoder`, the reference, which then reads the parameters again when they are asked for.
    /// - Parameter message: One message without its NUL terminator.
    /// - Throws: ``VarlinkProtocolError`` when it is not a JSON object with a string `method`.
    package init(decoding message: Data) throws(VarlinkProtocolError) {
        try Self.checkUTF8(message)
        if let call = message.withUnsafeBytes({ FlatCallScanner.scan($0) }) {
            let header = Header(method: call.method, oneway: call.oneway, more: call.more, upgrade: call.upgrade)
            try self.init(header: header, message: message, flatParameters: call.parameters)
        } else {
            try self.init(header: try Self.referenceHeader(message), message: message, flatParameters: nil)
        }
    }

    /// The call as the reference alone reads it, without the fast scan (for tests that compare the two).
    static func reference(decoding message: Data) throws(VarlinkProtocolError) -> VarlinkCall {
        try checkUTF8(message)
        return try VarlinkCall(header: try referenceHeader(message), message: message, flatParameters: nil)
    }

    private init(header: Header, message: Data, flatParameters: [(key: String, value: FlatScalar)]?)
        throws(VarlinkProtocolError)
    {
        guard VarlinkCall.isQualifiedMethodName(header.method) else {
            throw VarlinkProtocolError(reason: "not a method name: \(header.method)")
        }
        method = header.method
        oneway = header.oneway ?? false
        more = header.more ?? false
        upgrade = header.upgrade ?? false
        self.message = message
        self.flatParameters = flatParameters
    }

    /// JSON text is UTF-8; the decoder does not check strings it skips, so the whole message is checked.
    private static func checkUTF8(_ message: Data) throws(VarlinkProtocolError) {
        guard String(validating: message, as: UTF8.self) != nil else {
            throw VarlinkProtocolError(reason: "not valid UTF-8")
        }
    }

    /// The envelope as `JSONDecoder` reads it: the reference.
    private static func referenceHeader(_ message: Data) throws(VarlinkProtocolError) -> Header {
        do {
            return try VarlinkJSON.decoder().decode(Header.self, from: message)
        } catch {
            throw VarlinkProtocolError(reason: "not a Varlink call: \(VarlinkJSON.describe(error))")
        }
    }

    /// Whether the fast scan read this call (so its parameters need no `JSONDecoder`).
    var isScanned: Bool { flatParameters != nil }

    /// The interface part of ``method``: everything before the last dot.
    package var interface: Substring {
        method[..<(method.lastIndex(of: ".") ?? method.startIndex)]
    }

    /// Decodes the call's parameters as `type`; an absent `parameters` field reads as `{}`.
    ///
    /// - Throws: ``VarlinkError`` `org.varlink.service.InvalidParameter` naming the parameter at fault.
    package func parameters<Parameters: Decodable>(as type: Parameters.Type) throws(VarlinkError) -> Parameters {
        // Whatever the fast path cannot read, or reads as an error, the reference decides (and names the parameter).
        if let parameters = scannedParameters(as: type) { return parameters }
        do {
            let envelope = try VarlinkJSON.decoder().decode(ParametersEnvelope<Parameters>.self, from: message)
            if let parameters = envelope.parameters { return parameters }
            return try VarlinkJSON.decoder().decode(Parameters.self, from: Data("{}".utf8))
        } catch {
            throw .invalidParameter(VarlinkJSON.parameterName(of: error))
        }
    }

    /// The parameters as the fast path alone reads them; `nil` when it cannot (the reference then decides).
    func scannedParameters<Parameters: Decodable>(as type: Parameters.Type) -> Parameters? {
        guard let flatParameters else { return nil }
        return try? Parameters(from: FlatParameterDecoder(members: flatParameters))
    }

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
        var parameters: Parameters
        var continues: Bool?
        var error: String?
    }

    /// A successful reply, NUL-terminated and ready to write.
    ///
    /// - Parameters:
    ///   - parameters: The method's output parameters.
    ///   - continues: `true` on every reply of a stream but the last.
    package static func encode(_ parameters: some Encodable, continues: Bool = false) -> [UInt8] {
        frame(Envelope(parameters: parameters, continues: continues ? true : nil, error: nil))
    }

    /// An error reply, NUL-terminated and ready to write.
    package static func encode(_ error: VarlinkError) -> [UInt8] {
        frame(Envelope(parameters: error.parameters, continues: nil, error: error.name))
    }

    private static func frame(_ envelope: some Encodable) -> [UInt8] {
        do {
            var bytes = try CompactJSONEncoder().encode(envelope)
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
