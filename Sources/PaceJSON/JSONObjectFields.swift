/// The members of one JSON object, read by code that knows what they should be (``JSONReader/withObject(_:_:)``):
/// the fast path beside `Decodable`, for the values read most often, with none of `Decoder`'s generic machinery.
///
/// Each member is asked for by its key. A required one (``string(_:)``, …) gives its value, or `nil` when it is
/// absent, `null` or not of the type; an optional one (``optionalString(_:)``, …) gives `.some(nil)` when it is
/// absent or `null`, its value, or `nil` when it is not of the type. Every value is the one ``JSONReader`` gives for
/// the same type; where this gives `nil` instead, or does not decide (a key that is not plain ASCII, a number with a
/// fraction read as an integer), the caller gives up and decodes the text with ``JSONReader``, which decides. A
/// caller that has read all it knows asks ``allRead``, so that no member goes unread (an unknown key, a key written
/// twice).
package struct JSONObjectFields {
    private let bytes: UnsafeRawBufferPointer
    private let tokens: UnsafeBufferPointer<JSONToken>
    /// The key token where the next search starts: members are usually asked for in the order they are written.
    private var next = 1
    /// How many members have been found.
    private var found = 0
    init(bytes: UnsafeRawBufferPointer, tokens: UnsafeBufferPointer<JSONToken>) {
        self.bytes = bytes
        self.tokens = tokens
    }

    /// Whether every member of the object has been read, each once.
    package var allRead: Bool { found == Int(tokens[0].count) }

    // MARK: - Required members

    package mutating func string(_ key: StaticString) -> String? { required(key, string(at:)) }
    package mutating func int(_ key: StaticString) -> Int? { required(key, integer(at:)) }
    package mutating func int64(_ key: StaticString) -> Int64? { required(key, integer(at:)) }
    package mutating func double(_ key: StaticString) -> Double? { required(key, double(at:)) }
    package mutating func bool(_ key: StaticString) -> Bool? { required(key, bool(at:)) }
    /// An array of strings.
    package mutating func strings(_ key: StaticString) -> [String]? { required(key, strings(at:)) }
    /// Which of `names` the string is (its index), for an enum: compared byte by byte, no string made.
    package mutating func choice(_ key: StaticString, among names: [StaticString]) -> Int? {
        guard let value = member(key) else { return nil }
        return choice(at: value, among: names)
    }

    /// ``choice(_:among:)`` for the member that says what the object is, read before the others and wherever it is:
    /// the others are still best asked for in the order they are written.
    package mutating func tag(_ key: StaticString, among names: [StaticString]) -> Int? {
        let next = next
        defer { self.next = next }
        self.next = 1
        return choice(key, among: names)
    }

    // MARK: - Optional members

    package mutating func optionalString(_ key: StaticString) -> String?? { optional(key, string(at:)) }
    package mutating func optionalInt(_ key: StaticString) -> Int?? { optional(key, integer(at:)) }
    package mutating func optionalInt64(_ key: StaticString) -> Int64?? { optional(key, integer(at:)) }
    package mutating func optionalDouble(_ key: StaticString) -> Double?? { optional(key, double(at:)) }
    package mutating func optionalBool(_ key: StaticString) -> Bool?? { optional(key, bool(at:)) }
    /// An array of strings.
    package mutating func optionalStrings(_ key: StaticString) -> [String]?? { optional(key, strings(at:)) }
    /// Which of `names` the string is (its index), for an enum.
    package mutating func optionalChoice(_ key: StaticString, among names: [StaticString]) -> Int?? {
        guard let value = member(key), tokens[value].kind != .null else { return .some(nil) }
        guard let choice = choice(at: value, among: names) else { return nil }
        return .some(choice)
    }

    @inline(__always)
    private mutating func required<T>(_ key: StaticString, _ read: (Int) -> T?) -> T? {
        guard let value = member(key) else { return nil }
        return read(value)
    }

    @inline(__always)
    private mutating func optional<T>(_ key: StaticString, _ read: (Int) -> T?) -> T?? {
        guard let value = member(key), tokens[value].kind != .null else { return .some(nil) }
        guard let read = read(value) else { return nil }
        return .some(read)
    }

    // MARK: - Members and values

    /// The value token of the member called `key` (plain ASCII, as generated code asks for it), if there is one; the
    /// first such member when there are several (``allRead`` then tells the caller to give up).
    @inline(__always)
    private mutating func member(_ key: StaticString) -> Int? {
        let wanted = UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        guard let key = search(wanted, from: next, to: Int(tokens[0].end)) ?? search(wanted, from: 1, to: next)
        else { return nil }
        next = tokens[key + 1].next(after: key + 1)
        found += 1
        return key + 1
    }

    /// The key token of the first member from `start` (a key token) to `limit` called `wanted`.
    private func search(_ wanted: UnsafeRawBufferPointer, from start: Int, to limit: Int) -> Int? {
        var member = start
        while member < limit {
            let key = tokens[member]
            if Int(key.end &- key.start) == wanted.count && key.isPlainASCII && JSONBytes.equal(text(of: key), wanted) {
                return member
            }
            member = tokens[member + 1].next(after: member + 1)
        }
        return nil
    }

    private func string(at index: Int) -> String? {
        let token = tokens[index]
        guard token.kind == .string else { return nil }
        return JSONString.decode(text(of: token), flags: token.flags)
    }

    /// The index of the name the string at `index` is: a string without escapes, in plain ASCII (any other is left to
    /// the `Codable` reader, which compares it as a Swift string).
    private func choice(at index: Int, among names: [StaticString]) -> Int? {
        let token = tokens[index]
        guard token.kind == .string, token.isPlainASCII else { return nil }
        let text = text(of: token)
        for (choice, name) in names.enumerated()
        where JSONBytes.equal(text, UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)) {
            return choice
        }
        return nil
    }

    /// An integer written without fraction or exponent, that fits.
    private func integer<T: FixedWidthInteger>(at index: Int) -> T? {
        let token = tokens[index]
        guard token.kind == .number, token.flags & JSONToken.integral != 0 else { return nil }
        return JSONNumber.integer(text(of: token), integral: true, as: T.self)
    }

    private func double(at index: Int) -> Double? {
        let token = tokens[index]
        guard token.kind == .number else { return nil }
        return JSONNumber.double(text(of: token))
    }

    private func bool(at index: Int) -> Bool? {
        switch tokens[index].kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    private func strings(at index: Int) -> [String]? {
        let array = tokens[index]
        guard array.kind == .array else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(Int(array.count))
        for element in (index + 1)..<Int(array.end) {
            guard let string = string(at: element) else { return nil }
            strings.append(string)
        }
        return strings
    }

    @inline(__always)
    private func text(of token: JSONToken) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes.baseAddress! + Int(token.start), count: Int(token.end &- token.start))
    }
}
