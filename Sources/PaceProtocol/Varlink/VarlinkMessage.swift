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
    /// The whole message, decoded again on demand into the method's typed parameters.
    private var message: Data

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
    /// - Parameter message: One message without its NUL terminator.
    /// - Throws: ``VarlinkProtocolError`` when it is not a JSON object with a string `method`.
    package init(decoding message: Data) throws(VarlinkProtocolError) {
        // JSON text is UTF-8; the decoder does not check strings it skips, so check the whole message.
        guard String(validating: message, as: UTF8.self) != nil else {
            throw VarlinkProtocolError(reason: "not valid UTF-8")
        }
        let header: Header
        do {
            header = try VarlinkJSON.decoder().decode(Header.self, from: message)
        } catch {
            throw VarlinkProtocolError(reason: "not a Varlink call: \(VarlinkJSON.describe(error))")
        }
        guard VarlinkCall.isQualifiedMethodName(header.method) else {
            throw VarlinkProtocolError(reason: "not a method name: \(header.method)")
        }
        method = header.method
        oneway = header.oneway ?? false
        more = header.more ?? false
        upgrade = header.upgrade ?? false
        self.message = message
    }

    /// The interface part of ``method``: everything before the last dot.
    package var interface: Substring {
        method[..<(method.lastIndex(of: ".") ?? method.startIndex)]
    }

    /// Decodes the call's parameters as `type`; an absent `parameters` field reads as `{}`.
    ///
    /// - Throws: ``VarlinkError`` `org.varlink.service.InvalidParameter` naming the parameter at fault.
    package func parameters<Parameters: Decodable>(as type: Parameters.Type) throws(VarlinkError) -> Parameters {
        do {
            let envelope = try VarlinkJSON.decoder().decode(ParametersEnvelope<Parameters>.self, from: message)
            if let parameters = envelope.parameters { return parameters }
            return try VarlinkJSON.decoder().decode(Parameters.self, from: Data("{}".utf8))
        } catch {
            throw .invalidParameter(VarlinkJSON.parameterName(of: error))
        }
    }

    /// `interface.Method`: a reverse-domain interface name, a dot, and a method name starting upper case.
    static func isQualifiedMethodName(_ name: String) -> Bool {
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
