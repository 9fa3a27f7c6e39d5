/// Keyed containers already made, by key type and depth, for handing out again (see ``JSONDecoding`` and
/// ``JSONEncoding``): a container's box is looked up and allocated by the runtime once, not once per struct.
///
/// A container reads (or writes) the value at its depth, whichever value that is when it is used: only one value is
/// being decoded (encoded) at each depth at a time, and a `Codable` implementation uses a container only while its
/// `init(from:)` (`encode(to:)`) runs, so one container per key type and depth serves them all in turn.
///
/// Each container is kept in an object generic over its key type, found by key type and depth and downcast without a
/// check: the key type decides the object's type, so the cast cannot be wrong, and it costs no run-time lookup of the
/// container's generic type (a cast to the container type itself would).
final class ContainerCache {
    /// A decoding container kept.
    private final class Reader<Key: CodingKey> {
        let container: KeyedDecodingContainer<Key>
        init(_ container: KeyedDecodingContainer<Key>) { self.container = container }
    }

    /// An encoding container kept.
    private final class Writer<Key: CodingKey> {
        let container: KeyedEncodingContainer<Key>
        init(_ container: KeyedEncodingContainer<Key>) { self.container = container }
    }

    @exclusivity(unchecked) private var entries: [(key: ObjectIdentifier, depth: Int, kept: AnyObject)] = []

    /// The most entries kept: enough for the types of one kind of document, few enough to search one by one.
    private static let capacity = 48

    /// The decoding container kept for `Key` at `depth`, if there is one.
    @inline(__always)
    func reader<Key: CodingKey>(_ key: Key.Type, depth: Int) -> KeyedDecodingContainer<Key>? {
        guard let kept = kept(key, depth) else { return nil }
        return unsafeDowncast(kept, to: Reader<Key>.self).container
    }

    /// The encoding container kept for `Key` at `depth`, if there is one.
    @inline(__always)
    func writer<Key: CodingKey>(_ key: Key.Type, depth: Int) -> KeyedEncodingContainer<Key>? {
        guard let kept = kept(key, depth) else { return nil }
        return unsafeDowncast(kept, to: Writer<Key>.self).container
    }

    /// Keeps `container`, made for `Key` at `depth`, if there is room.
    func keep<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, depth: Int) {
        keep(Reader(container), Key.self, depth)
    }

    /// Keeps `container`, made for `Key` at `depth`, if there is room.
    func keep<Key: CodingKey>(_ container: KeyedEncodingContainer<Key>, depth: Int) {
        keep(Writer(container), Key.self, depth)
    }

    @inline(__always)
    private func kept(_ key: Any.Type, _ depth: Int) -> AnyObject? {
        let key = ObjectIdentifier(key)
        for entry in entries where entry.key == key && entry.depth == depth { return entry.kept }
        return nil
    }

    private func keep(_ kept: AnyObject, _ key: Any.Type, _ depth: Int) {
        guard entries.count < Self.capacity else { return }
        entries.append((ObjectIdentifier(key), depth, kept))
    }
}
