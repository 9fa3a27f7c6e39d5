/// The `Encoder` behind ``JSONWriter``: it writes values straight into one byte buffer as they are encoded.
///
/// Objects are written with their members in the order they come; when an object is finished, and only if its keys
/// did not come in sorted order (or one came twice, or was not plain ASCII, or part of the object was left to write
/// later), its members are put in order as `JSONEncoder` with `.sortedKeys` orders them: by their UTF-8 bytes, a key
/// set twice (or in two spellings Swift counts as equal) written once, in its first spelling, with its last value.
/// Nested containers and `superEncoder`, which may be written after their parent goes on, write into an encoder of
/// their own, whose text joins the parent's when the parent is finished.
///
/// Keyed containers are kept by key type and depth and handed out again (``ContainerCache``), and encoders between
/// values (``CoderPool``), as for ``JSONDecoding``. Containers must not be kept beyond the `encode(to:)` they
/// were made in. An encoder is used by one thread at a time, which the pool hands it to (hence
/// `@unchecked Sendable`).
final class JSONEncoding: Encoder, @unchecked Sendable {
    /// One open object or array.
    struct Frame {
        var isObject: Bool
        /// Where its first member starts, right after the bracket.
        var start: Int
        /// Its first entry in ``members``.
        var firstMember: Int
        /// Whether it is written in final form: plain ASCII keys in strictly increasing order, nothing left to write
        /// later.
        var final = true
        /// Whether every key is plain ASCII (then two keys are the same exactly when their bytes are).
        var plainKeys = true
    }

    /// One member of an open object (or element of an open array).
    struct Member {
        /// `nil` for an array element.
        var key: String?
        /// Its text, `"key":value` or the element, in ``output``.
        var start: Int
        var end: Int
        /// The length of the key's text between its quotes.
        var keyLength: Int
        /// A nested container or super encoder, whose text is written when the parent is finished.
        var later: JSONEncoding?
    }

    /// What the value being written is so far.
    enum Slot {
        case empty
        case container(Int)
        case single
    }

    // Not checked for exclusive access at run time (which costs more than the writing): only the one thread the
    // pool hands the encoder to uses it, and no access to them overlaps another.
    @exclusivity(unchecked) private(set) var output: [UInt8] = []
    @exclusivity(unchecked) private var frames: [Frame] = []
    @exclusivity(unchecked) private var members: [Member] = []
    @exclusivity(unchecked) private var slot = Slot.empty
    @exclusivity(unchecked) var path: [any CodingKey]
    /// The keyed containers made so far, for handing out again; `nil` for an encoder that is not pooled.
    private let containers: ContainerCache?

    var codingPath: [any CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// An encoder for the pool (``CoderPool``), which keeps it and its containers.
    init() {
        path = []
        containers = ContainerCache()
        frames.reserveCapacity(8)
        members.reserveCapacity(32)
    }

    /// An encoder for a part written later (a nested container, a super encoder), at `path`.
    private init(path: [any CodingKey]) {
        self.path = path
        containers = nil
    }

    /// The text of `value`; the encoder is ready for another value afterwards.
    func text(of value: some Encodable) throws -> [UInt8] {
        defer {
            frames.removeAll(keepingCapacity: true)
            members.removeAll(keepingCapacity: true)
            path.removeAll(keepingCapacity: true)
            slot = .empty
        }
        output = []
        output.reserveCapacity(512)
        try write(value)
        let text = output
        output = []
        return text
    }

    // MARK: - Values

    /// Writes `value` whole.
    func write<T: Encodable>(_ value: T) throws {
        if try writePrimitive(value) { return }
        let outer = slot
        slot = .empty
        try value.encode(to: self)
        finishSlot()
        slot = outer
    }

    /// The text of what was written: a nested container's or a super encoder's, when its parent is finished.
    func finish() -> [UInt8] {
        finishSlot()
        slot = .single
        return output
    }

    /// Writes `value` if it is a string, number or boolean. - Returns: Whether it was.
    @inline(__always)
    func writePrimitive<T: Encodable>(_ value: T) throws -> Bool {
        // Metatypes are compared, which costs next to nothing; a dynamic cast to each type in turn cost more than
        // the writing.
        if T.self == String.self {
            JSONText.appendString(unsafeBitCast(value, to: String.self), to: &output)
        } else if T.self == Int.self {
            JSONText.appendInteger(unsafeBitCast(value, to: Int.self), to: &output)
        } else if T.self == Double.self {
            try writeDouble(unsafeBitCast(value, to: Double.self))
        } else if T.self == Bool.self {
            writeBool(unsafeBitCast(value, to: Bool.self))
        } else if T.self == Int64.self {
            JSONText.appendInteger(unsafeBitCast(value, to: Int64.self), to: &output)
        } else if T.self == Int32.self {
            JSONText.appendInteger(unsafeBitCast(value, to: Int32.self), to: &output)
        } else if T.self == Int16.self {
            JSONText.appendInteger(unsafeBitCast(value, to: Int16.self), to: &output)
        } else if T.self == Int8.self {
            JSONText.appendInteger(unsafeBitCast(value, to: Int8.self), to: &output)
        } else if T.self == UInt64.self {
            JSONText.appendInteger(unsafeBitCast(value, to: UInt64.self), to: &output)
        } else if T.self == UInt.self {
            JSONText.appendInteger(unsafeBitCast(value, to: UInt.self), to: &output)
        } else if T.self == UInt32.self {
            JSONText.appendInteger(unsafeBitCast(value, to: UInt32.self), to: &output)
        } else if T.self == UInt16.self {
            JSONText.appendInteger(unsafeBitCast(value, to: UInt16.self), to: &output)
        } else if T.self == UInt8.self {
            JSONText.appendInteger(unsafeBitCast(value, to: UInt8.self), to: &output)
        } else if T.self == Float.self {
            try writeFloat(unsafeBitCast(value, to: Float.self))
        } else {
            return false
        }
        return true
    }

    func writeString(_ value: String) { JSONText.appendString(value, to: &output) }

    func writeInteger(_ value: some BinaryInteger) { JSONText.appendInteger(value, to: &output) }

    func writeBool(_ value: Bool) { output.append(contentsOf: value ? Self.trueText : Self.falseText) }

    func writeNull() { output.append(contentsOf: Self.nullText) }

    private static let trueText = Array("true".utf8)
    private static let falseText = Array("false".utf8)
    private static let nullText = Array("null".utf8)

    /// A finite double; an infinity or NaN is refused, as by `JSONEncoder`.
    func writeDouble(_ value: Double, key: (any CodingKey)? = nil) throws {
        guard value.isFinite else { throw invalid(value, key) }
        JSONText.appendDouble(value, to: &output)
    }

    func writeFloat(_ value: Float, key: (any CodingKey)? = nil) throws {
        guard value.isFinite else { throw invalid(value, key) }
        JSONText.appendFloat(value, to: &output)
    }

    private func invalid(_ value: Any, _ key: (any CodingKey)?) -> EncodingError {
        EncodingError.invalidValue(
            value,
            EncodingError.Context(
                codingPath: path + (key.map { [$0] } ?? []), debugDescription: "Unable to encode \(value) in JSON."))
    }

    // MARK: - Containers

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let frame = open(isObject: true)
        // Kept by frame: the frame of the value at a depth is always the same one.
        if let kept = containers?.writer(Key.self, depth: frame) {
            return kept
        }
        let container = KeyedEncodingContainer(JSONKeyedWriter<Key>(encoder: self, frame: frame, depth: path.count))
        containers?.keep(container, depth: frame)
        return container
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        JSONUnkeyedWriter(encoder: self, frame: open(isObject: false), depth: path.count)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    /// The frame of the container the value being written is: opened now, or the one already open (asking twice
    /// for a keyed container gives the same object, as in `JSONEncoder`).
    private func open(isObject: Bool) -> Int {
        switch slot {
        case .container(let frame):
            precondition(frames[frame].isObject == isObject, "a value must be one kind of container")
            return frame
        case .single:
            preconditionFailure("a value already written through a single value container")
        case .empty:
            output.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
            frames.append(Frame(isObject: isObject, start: output.count, firstMember: members.count))
            slot = .container(frames.count - 1)
            return frames.count - 1
        }
    }

    /// Before a member of `frame`: the comma, and for an object the key.
    func beginMember(_ frame: Int, key: String?) {
        precondition(frame == frames.count - 1, "a container written after the value it belongs to was finished")
        let first = members.count == frames[frame].firstMember
        if !first { output.append(UInt8(ascii: ",")) }
        let start = output.count
        var keyLength = 0
        if let key {
            if !JSONText.appendString(key, to: &output) {
                frames[frame].final = false
                frames[frame].plainKeys = false
            }
            keyLength = output.count - start - 2
            output.append(UInt8(ascii: ":"))
            if !first && frames[frame].final && !follows(members[members.count - 1], start: start, length: keyLength) {
                frames[frame].final = false
            }
        }
        members.append(Member(key: key, start: start, end: start, keyLength: keyLength, later: nil))
    }

    /// Whether the key written at `start` comes strictly after `previous`'s, byte by byte.
    @inline(__always)
    private func follows(_ previous: Member, start: Int, length: Int) -> Bool {
        let common = min(previous.keyLength, length)
        var offset = 1
        while offset <= common {
            let (a, b) = (output[previous.start + offset], output[start + offset])
            if a != b { return a < b }
            offset += 1
        }
        return previous.keyLength < length
    }

    /// After a member's value.
    @inline(__always)
    func endMember() { members[members.count - 1].end = output.count }

    /// A member of `frame` written later by `encoder` (a nested container or a super encoder).
    func laterMember(_ frame: Int, key: String?, path: [any CodingKey]) -> JSONEncoding {
        precondition(frame == frames.count - 1, "a container written after the value it belongs to was finished")
        let later = JSONEncoding(path: path)
        members.append(Member(key: key, start: output.count, end: output.count, keyLength: 0, later: later))
        frames[frame].final = false
        // Its key is not written yet: the members are put in order by their keys' strings.
        frames[frame].plainKeys = false
        return later
    }

    /// Ends the value being written: `{}` for one that wrote nothing (as `JSONEncoder` writes it), its container
    /// closed otherwise.
    private func finishSlot() {
        switch slot {
        case .empty: output.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        case .container(let frame): close(frame)
        case .single: break
        }
    }

    private func close(_ index: Int) {
        precondition(index == frames.count - 1, "containers finished out of order")
        let frame = frames.removeLast()
        if !frame.final { rewrite(frame) }
        output.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        members.removeSubrange(frame.firstMember...)
    }

    /// Writes the members of `frame` again, in final form.
    private func rewrite(_ frame: Frame) {
        let written = Array(output[frame.start...])
        output.removeSubrange(frame.start...)
        // Each key once (Swift's equality, as a dictionary keeps them): its first spelling, its last value.
        var order: [(key: String?, member: Int)] = []
        if !frame.isObject {
            order = (frame.firstMember..<members.count).map { (nil, $0) }
        } else if frame.plainKeys {
            // Plain keys are the same exactly when their bytes are: sorted stably, the last of equal ones kept.
            func key(_ member: Int) -> ArraySlice<UInt8> {
                let start = members[member].start - frame.start + 1
                return written[start..<start + members[member].keyLength]
            }
            var sorted = Array(frame.firstMember..<members.count)
            sorted.sort { a, b in
                let (left, right) = (key(a), key(b))
                return left.lexicographicallyPrecedes(right) || (left == right && a < b)
            }
            for (position, member) in sorted.enumerated()
            where position + 1 == sorted.count || key(sorted[position + 1]) != key(member) {
                order.append((members[member].key, member))
            }
        } else {
            var positions: [String: Int] = [:]
            for member in frame.firstMember..<members.count {
                let key = members[member].key!
                if let position = positions[key] {
                    order[position].member = member
                } else {
                    positions[key] = order.count
                    order.append((key, member))
                }
            }
            order.sort { $0.key!.utf8.lexicographicallyPrecedes($1.key!.utf8) }
        }
        for (position, (key, member)) in order.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            let entry = members[member]
            if let key {
                JSONText.appendString(key, to: &output)
                output.append(UInt8(ascii: ":"))
            }
            if let later = entry.later {
                output.append(contentsOf: later.finish())
            } else {
                let valueStart = entry.start + (entry.key == nil ? 0 : entry.keyLength + 3)
                output.append(contentsOf: written[(valueStart - frame.start)..<(entry.end - frame.start)])
            }
        }
    }
}

extension JSONEncoding: SingleValueEncodingContainer {
    private func single() {
        guard case .empty = slot else { preconditionFailure("a value can be written only once") }
        slot = .single
    }

    func encodeNil() throws {
        single()
        writeNull()
    }

    func encode(_ value: Bool) throws {
        single()
        writeBool(value)
    }

    func encode(_ value: String) throws {
        single()
        writeString(value)
    }

    func encode(_ value: Double) throws {
        single()
        try writeDouble(value)
    }

    func encode(_ value: Float) throws {
        single()
        try writeFloat(value)
    }

    func encode(_ value: Int) throws {
        single()
        writeInteger(value)
    }

    func encode(_ value: Int8) throws {
        single()
        writeInteger(value)
    }

    func encode(_ value: Int16) throws {
        single()
        writeInteger(value)
    }

    func encode(_ value: Int32) throws {
        single()
        writeInteger(value)
    }

    func encode(_ value: Int64) throws {
        single()
        writeInteger(value)
    }

    func encode(_ value: UInt) throws {
        single()
        writeInteger(value)
    }

    func encode(_ value: UInt8) throws {
        single()
        writeInteger(value)
    }

    func encode(_ value: UInt16) throws {
        single()
        writeInteger(value)
    }

    func encode(_ value: UInt32) throws {
        single()
        writeInteger(value)
    }

    func encode(_ value: UInt64) throws {
        single()
        writeInteger(value)
    }

    func encode<T: Encodable>(_ value: T) throws {
        single()
        slot = .empty
        try write(value)
        slot = .single
    }
}
