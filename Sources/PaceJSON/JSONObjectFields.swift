/// The members of one JSON object, read by code that knows what they should be (``JSONReader/withObject(_:_:)``,
/// ``JSONDocument/withObject(_:)``, ``JSONReadable``): the fast path beside `Decodable`, for the values read most
/// often, with none of `Decoder`'s generic machinery.
///
/// Each member is asked for by its key. A required one (``string(_:)``, …) gives its value, or `nil` when it is
/// absent, `null` or not of the type; an optional one (``optionalString(_:)``, …) gives `.some(nil)` when it is
/// absent or `null`, its value, or `nil` when it is not of the type. Every value is the one ``JSONReader`` gives for
/// the same type (``JSONValueView`` reads them); where this gives `nil` instead, or does not decide (a key that is
/// not plain ASCII, an enum's name written with an escape), the caller gives up and decodes the text with
/// ``JSONReader``, which decides. A caller that has read all it knows asks ``allRead``, so that no member goes
/// unread (an unknown key, a key written twice). Members of other types (objects, arrays, enums) are read by their
/// type's reader (``value(_:_:)``, ``optionalValue(_:_:)``).
package struct JSONObjectFields {
    private let bytes: UnsafeRawBufferPointer
    private let tokens: UnsafeBufferPointer<JSONToken>
    /// The object's token.
    private let object: Int
    /// The key token where the next search starts: members are usually asked for in the order they are written.
    private var next: Int
    /// How many members have been found.
    private var found = 0

    /// The members of the object whose token is at `object` (which must be an object's).
    init(bytes: UnsafeRawBufferPointer, tokens: UnsafeBufferPointer<JSONToken>, object: Int = 0) {
        self.bytes = bytes
        self.tokens = tokens
        self.object = object
        next = object + 1
    }

    /// Whether every member of the object has been read, each once.
    package var allRead: Bool { found == Int(tokens[object].count) }

    // MARK: - Required members

    package mutating func string(_ key: StaticString) -> String? { required(key) { $0.string() } }
    package mutating func int(_ key: StaticString) -> Int? { required(key) { $0.int() } }
    package mutating func int64(_ key: StaticString) -> Int64? { required(key) { $0.int64() } }
    package mutating func double(_ key: StaticString) -> Double? { required(key) { $0.double() } }
    package mutating func bool(_ key: StaticString) -> Bool? { required(key) { $0.bool() } }
    /// An array of strings.
    package mutating func strings(_ key: StaticString) -> [String]? { required(key) { $0.strings() } }
    /// Which of `names` the string is (its index), for an enum: compared byte by byte, no string made.
    package mutating func choice(_ key: StaticString, among names: [StaticString]) -> Int? {
        required(key) { $0.choice(among: names) }
    }

    /// ``choice(_:among:)`` for the member that says what the object is, read before the others and wherever it is:
    /// the others are still best asked for in the order they are written.
    package mutating func tag(_ key: StaticString, among names: [StaticString]) -> Int? {
        let next = next
        defer { self.next = next }
        self.next = object + 1
        return choice(key, among: names)
    }

    // MARK: - Optional members

    package mutating func optionalString(_ key: StaticString) -> String?? { optional(key) { $0.string() } }
    package mutating func optionalInt(_ key: StaticString) -> Int?? { optional(key) { $0.int() } }
    package mutating func optionalInt64(_ key: StaticString) -> Int64?? { optional(key) { $0.int64() } }
    package mutating func optionalDouble(_ key: StaticString) -> Double?? { optional(key) { $0.double() } }
    package mutating func optionalBool(_ key: StaticString) -> Bool?? { optional(key) { $0.bool() } }
    /// An array of strings.
    package mutating func optionalStrings(_ key: StaticString) -> [String]?? { optional(key) { $0.strings() } }
    /// Which of `names` the string is (its index), for an enum.
    package mutating func optionalChoice(_ key: StaticString, among names: [StaticString]) -> Int?? {
        optional(key) { $0.choice(among: names) }
    }

    // MARK: - Members read by functions of their own

    /// A member read by `read` (a ``JSONReadable`` type's `read`, for one): its value, or `nil` when it is absent or
    /// `read` gives up. `read` also sees a `null`, which a `Decodable` type may read as a value.
    package mutating func value<T>(_ key: StaticString, _ read: (JSONValueView) -> T?) -> T? {
        required(key, read)
    }

    /// An optional member read by `read`: `.some(nil)` when it is absent or `null` (as `decodeIfPresent` reads it),
    /// otherwise as ``value(_:_:)``.
    package mutating func optionalValue<T>(_ key: StaticString, _ read: (JSONValueView) -> T?) -> T?? {
        optional(key, read)
    }

    /// Counts the member called `key` as read, if there is one, without reading it: for a member read later, or by
    /// someone else.
    package mutating func skip(_ key: StaticString) { _ = member(key) }

    @inline(__always)
    private mutating func required<T>(_ key: StaticString, _ read: (JSONValueView) -> T?) -> T? {
        guard let value = member(key) else { return nil }
        return read(JSONValueView(bytes: bytes, tokens: tokens, index: value))
    }

    @inline(__always)
    private mutating func optional<T>(_ key: StaticString, _ read: (JSONValueView) -> T?) -> T?? {
        guard let value = member(key), tokens[value].kind != .null else { return .some(nil) }
        guard let read = read(JSONValueView(bytes: bytes, tokens: tokens, index: value)) else { return nil }
        return .some(read)
    }

    // MARK: - Members and values

    /// The value token of the member called `key` (plain ASCII, as generated code asks for it), if there is one; the
    /// first such member when there are several (``allRead`` then tells the caller to give up).
    @inline(__always)
    private mutating func member(_ key: StaticString) -> Int? {
        let wanted = UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        guard
            let key = search(wanted, from: next, to: Int(tokens[object].end))
                ?? search(wanted, from: object + 1, to: next)
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

    @inline(__always)
    private func text(of token: JSONToken) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes.baseAddress! + Int(token.start), count: Int(token.end &- token.start))
    }
}
