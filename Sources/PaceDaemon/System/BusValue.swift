/// A D-Bus value, as Pace sends and receives it: the message body is a list of these.
///
/// ``Bus`` turns these into sd-bus calls piece by piece (Swift cannot call the variadic
/// `sd_bus_message_append`), and reads received bodies back into them.
enum BusValue: Sendable, Equatable {
    case byte(UInt8)
    case bool(Bool)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case uint64(UInt64)
    case double(Double)
    case string(String)
    case objectPath(String)
    case signature(String)
    /// An array whose elements have the signature `elementSignature` (needed to send an empty one).
    indirect case array(elementSignature: String, [BusValue])
    /// An `ay` Pace sends, kept as bytes (an image is tens of thousands of them: as ``byte`` values each, 24 times
    /// the memory). Received byte arrays are ``array(elementSignature:_:)`` of ``byte``.
    case byteArray([UInt8])
    /// One `{key value}` entry of a dictionary, which D-Bus spells as an array of entries.
    indirect case dictionaryEntry(BusValue, BusValue)
    indirect case variant(BusValue)
    indirect case structure([BusValue])
    /// A Unix file descriptor (`h`) a received message carried (BlueZ's `AcquireNotify` answers with one). Pace
    /// sends none.
    case unixFileDescriptor(ReceivedFileDescriptor)
    /// A type Pace does not read; the signature character is kept for messages.
    case unsupported(String)

    /// The value's D-Bus type signature.
    var signature: String {
        switch self {
        case .byte: "y"
        case .bool: "b"
        case .int16: "n"
        case .uint16: "q"
        case .int32: "i"
        case .uint32: "u"
        case .int64: "x"
        case .uint64: "t"
        case .double: "d"
        case .string: "s"
        case .objectPath: "o"
        case .signature: "g"
        case .array(let element, _): "a" + element
        case .byteArray: "ay"
        case .dictionaryEntry(let key, let value): "{" + key.signature + value.signature + "}"
        case .variant: "v"
        case .structure(let fields): "(" + fields.map(\.signature).joined() + ")"
        case .unixFileDescriptor: "h"
        case .unsupported(let type): type
        }
    }

    /// A `a{sv}` dictionary, the shape of notification hints and property maps.
    static func stringVariantDictionary(_ entries: [(String, BusValue)]) -> BusValue {
        .array(elementSignature: "{sv}", entries.map { .dictionaryEntry(.string($0.0), .variant($0.1)) })
    }

    /// A `as` string array.
    static func stringArray(_ strings: [String]) -> BusValue {
        .array(elementSignature: "s", strings.map { .string($0) })
    }
}

extension BusValue {
    /// The string of a `s`, `o` or `g` value.
    var string: String? {
        switch self {
        case .string(let value), .objectPath(let value), .signature(let value): value
        default: nil
        }
    }

    /// The value of a `b`.
    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value of a `q`.
    var uint16: UInt16? {
        if case .uint16(let value) = self { return value }
        return nil
    }

    /// The descriptor of an `h`, still to be taken.
    var fileDescriptor: ReceivedFileDescriptor? {
        if case .unixFileDescriptor(let descriptor) = self { return descriptor }
        return nil
    }

    /// The value of a `u`.
    var uint32: UInt32? {
        if case .uint32(let value) = self { return value }
        return nil
    }

    /// The value of a `t`.
    var uint64: UInt64? {
        if case .uint64(let value) = self { return value }
        return nil
    }

    /// What a variant holds; any other value is itself.
    var unwrapped: BusValue {
        if case .variant(let inner) = self { return inner.unwrapped }
        return self
    }

    /// The strings of an `as`.
    var strings: [String]? {
        guard case .array(_, let elements) = self else { return nil }
        let strings = elements.compactMap(\.string)
        return strings.count == elements.count ? strings : nil
    }

    /// The entries of a dictionary with string keys (`a{sv}`, `a{ss}`, …), variants unwrapped.
    var dictionary: [String: BusValue]? {
        guard case .array(_, let elements) = self else { return nil }
        var result: [String: BusValue] = [:]
        for element in elements {
            guard case .dictionaryEntry(let key, let value) = element, let name = key.string else { return nil }
            result[name] = value.unwrapped
        }
        return result
    }
}

extension BusValue {
    /// The bytes of an `ay`.
    var bytes: [UInt8]? {
        if case .byteArray(let bytes) = self { return bytes }
        guard case .array(_, let elements) = self else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(elements.count)
        for element in elements {
            guard case .byte(let byte) = element else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
