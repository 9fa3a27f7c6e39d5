/// One value of scanned JSON text, read by code that knows what it should be (``JSONReadable``): a member's value
/// (``JSONObjectFields/value(_:_:)``), an array's element or an object's member value.
///
/// Each reading gives the value ``JSONReader`` gives for the same type, or `nil` where the value is not of the type
/// or this does not decide (an enum's name written with an escape); the caller then gives up, and the text is
/// decoded with ``JSONReader``, which decides. Containers are read whole: an object's members must all be read once
/// (``JSONObjectFields/allRead``), an array's elements and a dictionary's values must all read.
package struct JSONValueView {
    private let bytes: UnsafeRawBufferPointer
    private let tokens: UnsafeBufferPointer<JSONToken>
    /// The value's token.
    private let index: Int

    init(bytes: UnsafeRawBufferPointer, tokens: UnsafeBufferPointer<JSONToken>, index: Int) {
        self.bytes = bytes
        self.tokens = tokens
        self.index = index
    }

    /// Whether the value is `null`.
    package var isNull: Bool { tokens[index].kind == .null }

    /// A string, its escapes decoded.
    package func string() -> String? {
        let token = tokens[index]
        guard token.kind == .string else { return nil }
        return JSONString.decode(text(of: token), flags: token.flags)
    }

    /// An integer, read as ``JSONReader`` reads one (a whole number written with a fraction or an exponent too).
    package func int() -> Int? { integer(Int.self) }
    /// An integer, read as ``int()`` reads one.
    package func int64() -> Int64? { integer(Int64.self) }

    /// A number, read as ``JSONReader`` reads a `Double`.
    package func double() -> Double? {
        let token = tokens[index]
        guard token.kind == .number else { return nil }
        return JSONNumber.double(text(of: token))
    }

    /// `true` or `false`.
    package func bool() -> Bool? {
        switch tokens[index].kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    /// The index of the name in `names` the string is, for an enum: a string without escapes, in plain ASCII,
    /// compared byte by byte (any other is left to the `Decodable` reader, which compares it as a Swift string).
    package func choice(among names: [StaticString]) -> Int? {
        let token = tokens[index]
        guard token.kind == .string, token.isPlainASCII else { return nil }
        let text = text(of: token)
        for (choice, name) in names.enumerated()
        where JSONBytes.equal(text, UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)) {
            return choice
        }
        return nil
    }

    /// An object, its members read by `read`: its value, or `nil` when it is not an object, `read` gives up or
    /// leaves a member unread (an unknown key, a key twice).
    package func object<T>(_ read: (inout JSONObjectFields) -> T?) -> T? {
        guard tokens[index].kind == .object else { return nil }
        var fields = JSONObjectFields(bytes: bytes, tokens: tokens, object: index)
        guard let value = read(&fields), fields.allRead else { return nil }
        return value
    }

    /// An object read in one pass by `read` (``JSONMemberScanner``, as generated readers of whole documents read
    /// theirs): its value, or `nil` when it is not an object or `read` gives up or stops before its closing brace.
    package func members<T>(_ read: (inout JSONMemberScanner) -> T?) -> T? {
        let object = tokens[index]
        guard object.kind == .object,
            var members = JSONMemberScanner(UnsafeRawBufferPointer(rebasing: bytes[Int(object.start)...])),
            let value = read(&members), members.ended
        else { return nil }
        return value
    }

    /// An array, each element read by `read`; `nil` when it is not an array or an element does not read.
    package func array<T>(_ read: (JSONValueView) -> T?) -> [T]? {
        let array = tokens[index]
        guard array.kind == .array else { return nil }
        var elements: [T] = []
        elements.reserveCapacity(Int(array.count))
        var element = index + 1
        while element < Int(array.end) {
            guard let value = read(view(element)) else { return nil }
            elements.append(value)
            element = tokens[element].next(after: element)
        }
        return elements
    }

    /// An array of strings.
    package func strings() -> [String]? { array { $0.string() } }

    /// An object read as a dictionary, each member's value read by `read`; `nil` when it is not an object, a key or
    /// a value does not read, or two keys are the same string (the `Decodable` reader decides which one counts).
    package func dictionary<T>(_ read: (JSONValueView) -> T?) -> [String: T]? {
        let object = tokens[index]
        guard object.kind == .object else { return nil }
        var members: [String: T] = [:]
        members.reserveCapacity(Int(object.count))
        var key = index + 1
        while key < Int(object.end) {
            let keyToken = tokens[key]
            guard let name = JSONString.decode(text(of: keyToken), flags: keyToken.flags),
                let value = read(view(key + 1)), members.updateValue(value, forKey: name) == nil
            else { return nil }
            key = tokens[key + 1].next(after: key + 1)
        }
        return members
    }

    /// A value that may be `null`: `.some(nil)` for `null`, its value read by `read`, or `nil` when `read` gives up
    /// (an optional array element, as `Decodable` reads one).
    package func optional<T>(_ read: (JSONValueView) -> T?) -> T?? {
        if isNull { return .some(nil) }
        guard let value = read(self) else { return nil }
        return .some(value)
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) -> T? {
        let token = tokens[index]
        guard token.kind == .number else { return nil }
        return JSONNumber.integer(text(of: token), integral: token.flags & JSONToken.integral != 0, as: T.self)
    }

    @inline(__always)
    private func view(_ index: Int) -> JSONValueView { JSONValueView(bytes: bytes, tokens: tokens, index: index) }

    @inline(__always)
    private func text(of token: JSONToken) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes.baseAddress! + Int(token.start), count: Int(token.end &- token.start))
    }
}
