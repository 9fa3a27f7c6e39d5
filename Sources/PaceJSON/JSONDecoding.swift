/// The `Decoder` behind ``JSONReader``: one per decoded document, which nested values reuse by moving ``value``
/// and the coding path (as `JSONDecoder` does), so decoding a struct costs no decoder of its own.
///
/// What makes a `Decodable` type slow to decode generically is less the reading than the containers: each keyed
/// container is a box whose generic type the runtime looks up (for the container type, the box and its protocol
/// conformance) and allocates. A struct's container is used only while its `init(from:)` runs, and only one value
/// is being decoded at each depth at a time, so the box made for a key type at a depth is kept and handed out again
/// (``ContainerCache``); and decoders are kept between documents (``CoderPool``), so a program that decodes
/// many documents of the same types, as replay does, makes each box once.
///
/// It holds pointers into the text and its tokens, valid while the reader's `decode` runs: a `Decodable` type must
/// not keep the decoder or its containers beyond its `init(from:)`. It is used by one thread at a time, which the
/// pool hands it to (hence `@unchecked Sendable`: the pool's lock is what the compiler cannot see).
final class JSONDecoding: Decoder, @unchecked Sendable {
    // Not checked for exclusive access at run time (which costs more than the reading): only the one thread the pool
    // hands the decoder to uses it, and no access to them overlaps another.
    @exclusivity(unchecked) private(set) var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
    @exclusivity(unchecked) private(set) var tokens = UnsafeBufferPointer<JSONToken>(start: nil, count: 0)
    /// The token of the value being decoded; -1 for an absent value read as `null` (a missing `super`).
    @exclusivity(unchecked) var value = 0
    /// The coding path of ``value``.
    @exclusivity(unchecked) var path: [any CodingKey] = []
    /// Where the last member found in ``hintObject`` was: members are usually asked for in the order they are written.
    @exclusivity(unchecked) private var hintObject = -1
    @exclusivity(unchecked) private var hintMember = 0
    /// The object last checked by ``open(_:path:)``, and whether its keys are plain ASCII in strictly increasing
    /// order (as PaceJSON's writer writes them): then no key is there twice, and a search may start at the hint.
    @exclusivity(unchecked) private var checkedObject = -1
    @exclusivity(unchecked) private var checkedSorted = false
    /// Key indexes of the objects that need one (keys not plain ASCII, or many), by the object's token.
    @exclusivity(unchecked) private var indexes: [Int: [String: Int]] = [:]
    /// Space for the tokens of documents scanned for this decoder (``tokenSpace(_:)``).
    @exclusivity(unchecked) private var space = UnsafeMutableBufferPointer<JSONToken>(start: nil, count: 0)
    /// The coding paths of containers made by `nestedContainer` in this document (``keep(_:)``).
    @exclusivity(unchecked) private var paths: [[any CodingKey]] = []
    /// The decoders made for `superDecoder` in this document, kept until it is decoded (by the first decoder).
    @exclusivity(unchecked) private var children: [JSONDecoding] = []
    /// The keyed containers made so far, for handing out again; `nil` for a decoder made for `superDecoder`.
    private let containers: ContainerCache?

    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// A decoder for the pool (``CoderPool``), which keeps it and its containers.
    init() { containers = ContainerCache() }

    /// A decoder of its own for one value (`superDecoder`), sharing the text and tokens of `parent`.
    init(sharing parent: JSONDecoding, value: Int, path: [any CodingKey]) {
        containers = nil
        bytes = parent.bytes
        tokens = parent.tokens
        self.value = value
        self.path = path
        (parent.root ?? parent).children.append(self)
        root = parent.root ?? parent
    }

    /// The decoder the document is decoded by, for one made for `superDecoder`.
    private unowned(unsafe) var root: JSONDecoding?

    deinit { space.deallocate() }

    /// Keeps a nested container's coding path while the document is decoded; returns where (for ``kept(_:)``).
    func keep(_ path: [any CodingKey]) -> Int {
        paths.append(path)
        return paths.count - 1
    }

    /// The coding path kept at `index`.
    func kept(_ index: Int) -> [any CodingKey] { paths[index] }

    /// Room for `count` tokens, valid until the next call: the pool's decoders keep theirs between documents.
    func tokenSpace(_ count: Int) -> UnsafeMutablePointer<JSONToken> {
        if space.count < count {
            space.deallocate()
            space = .allocate(capacity: max(count, 2 * space.count, 256))
        }
        return space.baseAddress!
    }

    /// Decodes the document `tokens` of `bytes` describe as `type`.
    func decode<T: Decodable>(
        _ type: T.Type, bytes: UnsafeRawBufferPointer, tokens: UnsafeBufferPointer<JSONToken>
    ) throws -> T {
        self.bytes = bytes
        self.tokens = tokens
        value = 0
        path.removeAll(keepingCapacity: true)
        hintObject = -1
        checkedObject = -1
        if !indexes.isEmpty { indexes.removeAll() }
        defer {
            // The pointers are about to be invalid: nothing may read through them until the next document.
            self.bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            self.tokens = UnsafeBufferPointer(start: nil, count: 0)
            if !paths.isEmpty { paths.removeAll() }
            if !children.isEmpty { children.removeAll() }
        }
        if Self.isPrimitive(type) { return try primitive(type, at: 0, path: []) }
        return try T(from: self)
    }

    // MARK: - Tokens and text

    private static let absent = JSONToken(kind: .null, flags: 0, count: 0, start: 0, end: 0)

    @inline(__always)
    func token(_ index: Int) -> JSONToken { index < 0 ? Self.absent : tokens[index] }

    /// The bytes between a string's quotes, or of a number.
    @inline(__always)
    func text(of token: JSONToken) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bytes.baseAddress! + Int(token.start), count: Int(token.end &- token.start))
    }

    // MARK: - Containers

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try open(value, path: path)
        let depth = path.count
        if let kept = containers?.reader(Key.self, depth: depth) {
            return kept
        }
        let container = KeyedDecodingContainer(
            JSONKeyedReader<Key>(decoder: self, depth: depth, object: -1, ownPath: nil))
        containers?.keep(container, depth: depth)
        return container
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try JSONUnkeyedReader(decoder: self, array: value, depth: path.count, ownPath: nil)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    /// Checks that `object` is an object whose keys all read, as `JSONDecoder` does when it makes a keyed container.
    func open(_ object: Int, path: @autoclosure () -> [any CodingKey]) throws {
        if object == checkedObject { return }
        let token = token(object)
        guard token.kind == .object else { throw mismatch([String: Any].self, token, path()) }
        if token.count > 32 {
            _ = try index(of: object)
            return
        }
        var sorted = true
        var previous = -1
        var member = object + 1
        while member < Int(token.end) {
            if !tokens[member].isPlainASCII {
                _ = try index(of: object)
                return
            }
            if sorted && previous >= 0 {
                sorted = text(of: tokens[previous]).lexicographicallyPrecedes(text(of: tokens[member]))
            }
            previous = member
            member = tokens[member + 1].next(after: member + 1)
        }
        checkedObject = object
        checkedSorted = sorted
    }

    /// Each key's first member's value in `object`: for objects whose keys are not all plain ASCII (compared as Swift
    /// strings, so canonically equivalent spellings match, as in `JSONDecoder`), or are many.
    private func index(of object: Int) throws -> [String: Int] {
        if let index = indexes[object] { return index }
        var index: [String: Int] = [:]
        var member = object + 1
        while member < Int(tokens[object].end) {
            let key = tokens[member]
            guard let name = JSONString.decode(text(of: key), flags: key.flags) else { throw Self.corrupted() }
            if index[name] == nil { index[name] = member + 1 }
            member = tokens[member + 1].next(after: member + 1)
        }
        indexes[object] = index
        return index
    }

    /// The token of the value of the first member of `object` called `name`, if there is one.
    func member(_ name: String, in object: Int) -> Int? {
        let token = tokens[object]
        if token.count > 32 || indexes[object] != nil { return (try? index(of: object))?[name] }
        var name = name
        return name.withUTF8 { wanted -> Int? in
            let first = object + 1
            let end = Int(token.end)
            // From the member after the last one found, to the end, then from the start, where no key is there twice
            // (so the first member of that name is the one found); from the start otherwise.
            let hinted = hintObject == object && checkedObject == object && checkedSorted
            let start = hinted && hintMember > first && hintMember < end ? hintMember : first
            var member = start
            var limit = end
            while true {
                if member >= limit {
                    guard limit == end && start != first else { break }
                    (member, limit) = (first, start)
                    continue
                }
                if JSONBytes.equal(text(of: tokens[member]), UnsafeRawBufferPointer(wanted)) {
                    hintObject = object
                    hintMember = tokens[member + 1].next(after: member + 1)
                    return member + 1
                }
                member = tokens[member + 1].next(after: member + 1)
            }
            // Every key here is plain ASCII; a wanted key that is not may still equal one as a Swift string (the
            // Kelvin sign and K).
            for byte in wanted where byte >= 0x80 {
                return canonicalMember(String(decoding: wanted, as: UTF8.self), in: object)
            }
            return nil
        }
    }

    private func canonicalMember(_ name: String, in object: Int) -> Int? {
        var member = object + 1
        while member < Int(tokens[object].end) {
            if String(decoding: text(of: tokens[member]), as: UTF8.self) == name { return member + 1 }
            member = tokens[member + 1].next(after: member + 1)
        }
        return nil
    }

    /// The keys of `object`, each once (the first of equal ones).
    func keys(of object: Int) -> [String] {
        if tokens[object].count > 32 || indexes[object] != nil, let index = try? index(of: object) {
            return Array(index.keys)
        }
        var names: [String] = []
        var member = object + 1
        while member < Int(tokens[object].end) {
            let name = String(decoding: text(of: tokens[member]), as: UTF8.self)
            if !names.contains(name) { names.append(name) }
            member = tokens[member + 1].next(after: member + 1)
        }
        return names
    }

    // MARK: - Values

    /// Whether `type` is one of the types ``primitive(_:at:path:)`` reads: strings, numbers, booleans.
    ///
    /// Metatypes are compared, which costs next to nothing; a dynamic cast to each type in turn costs more than the
    /// reading. (Asking first, rather than returning an optional, spares generic code the run-time lookup of
    /// `Optional<T>`'s metadata.)
    @inline(__always)
    static func isPrimitive<T>(_ type: T.Type) -> Bool {
        T.self == String.self || T.self == Int.self || T.self == Double.self || T.self == Bool.self
            || T.self == Int64.self
    }

    /// The value at `index` as `type`, which must be one of ``isPrimitive(_:)``'s types.
    @inline(__always)
    func primitive<T>(_ type: T.Type, at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> T {
        if T.self == String.self { return unsafeBitCast(try string(at: index, path: path()), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try integer(Int.self, at: index, path: path()), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try double(at: index, path: path()), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(at: index, path: path()), to: T.self) }
        return unsafeBitCast(try integer(Int64.self, at: index, path: path()), to: T.self)
    }

    /// The value at `index` as `type`, whose coding path is `path` followed by `key`.
    func decode<T: Decodable>(_ type: T.Type, at index: Int, key: some CodingKey, depth: Int, ownPath: [any CodingKey]?)
        throws -> T
    {
        if Self.isPrimitive(type) {
            return try primitive(type, at: index, path: (ownPath ?? Array(path.prefix(depth))) + [key])
        }
        let savedValue = value
        value = index
        defer { value = savedValue }
        if ownPath == nil && path.count == depth {
            path.append(key)
            defer { path.removeLast() }
            return try T(from: self)
        }
        let savedPath = path
        path = (ownPath ?? Array(path.prefix(depth))) + [key]
        defer { path = savedPath }
        return try T(from: self)
    }

    func bool(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        let token = token(index)
        switch token.kind {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, token, path())
        }
    }

    func string(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> String {
        let token = token(index)
        guard token.kind == .string else { throw mismatch(String.self, token, path()) }
        guard let string = JSONString.decode(text(of: token), flags: token.flags) else { throw Self.corrupted() }
        return string
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, at index: Int, path: @autoclosure () -> [any CodingKey])
        throws -> T
    {
        let token = token(index)
        guard token.kind == .number else { throw mismatch(T.self, token, path()) }
        guard
            let value = JSONNumber.integer(text(of: token), integral: token.flags & JSONToken.integral != 0, as: T.self)
        else { throw Self.corrupted() }
        return value
    }

    func double(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Double {
        let token = token(index)
        guard token.kind == .number else { throw mismatch(Double.self, token, path()) }
        guard let value = JSONNumber.double(text(of: token)) else { throw Self.corrupted() }
        return value
    }

    func float(at index: Int, path: @autoclosure () -> [any CodingKey]) throws -> Float {
        let token = token(index)
        guard token.kind == .number else { throw mismatch(Float.self, token, path()) }
        guard let value = JSONNumber.float(text(of: token)) else { throw Self.corrupted() }
        return value
    }

    // MARK: - Errors, as JSONDecoder throws them

    /// A value of the wrong kind, or `null` where a value is needed.
    func mismatch(_ type: Any.Type, _ token: JSONToken, _ path: [any CodingKey]) -> DecodingError {
        if token.kind == .null {
            return DecodingError.valueNotFound(
                type,
                DecodingError.Context(
                    codingPath: path, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        let found =
            switch token.kind {
            case .object: "a dictionary"
            case .array: "an array"
            case .string: "a string"
            case .number: "number"
            default: "bool"
            }
        return DecodingError.typeMismatch(
            type,
            DecodingError.Context(
                codingPath: path, debugDescription: "Expected to decode \(type) but found \(found) instead."))
    }

    /// A string that is not UTF-8 or a number that does not fit: `JSONDecoder` reports these, like malformed text,
    /// with an empty coding path.
    static func corrupted() -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(codingPath: [], debugDescription: "The given data was not valid JSON."))
    }
}

extension JSONDecoding: SingleValueDecodingContainer {
    func decodeNil() -> Bool { token(value).kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try bool(at: value, path: path) }
    func decode(_ type: String.Type) throws -> String { try string(at: value, path: path) }
    func decode(_ type: Double.Type) throws -> Double { try double(at: value, path: path) }
    func decode(_ type: Float.Type) throws -> Float { try float(at: value, path: path) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type, at: value, path: path) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type, at: value, path: path) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type, at: value, path: path) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type, at: value, path: path) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type, at: value, path: path) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type, at: value, path: path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type, at: value, path: path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type, at: value, path: path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type, at: value, path: path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type, at: value, path: path) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if Self.isPrimitive(type) { return try primitive(type, at: value, path: path) }
        return try T(from: self)
    }
}
