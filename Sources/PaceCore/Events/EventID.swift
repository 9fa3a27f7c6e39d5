/// An event's identity: 128 bits, unique across devices, backup restores and cloned state directories.
///
/// Two halves. ``order`` holds the milliseconds of the moment the id was made (48 bits) and a sequence number
/// (16 bits) that counts up within that millisecond, so the events one command records at one instant keep their
/// order when the record sorts them; ``tag`` is what makes the id unique:
///
/// - **made here** (``make(at:sequence:)``): 64 random bits from the system's generator (`getrandom`). A clone of
///   the state directory, or a restored backup, writes new events with new random bits, so no renewal of a device
///   id is needed: two copies can never make the same id but by a 1 in 2⁶⁴ chance per millisecond.
/// - **derived** (``derived(at:occurrence:content:)``): for events written before ids existed (read from the log
///   as they are, segments are never rewritten) and for imported events without one: the instant and the place
///   among events of the same instant, and a hash of the event's own bytes. The same event derives the same id on
///   every machine and in every file, so an old export imported into a log that holds it adds nothing.
///
/// Written as 32 lowercase hexadecimal digits, ``tag`` first, so that its first 8 (the short id `pace events`
/// shows) are random.
package struct EventID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since the epoch << 16 | sequence.
    package var order: UInt64
    /// Random bits, or the content hash of a derived id.
    package var tag: UInt64
    /// Whether the text it was read from was an id at all (`false`: the validator refuses the event).
    package var isWellFormed: Bool

    package init(order: UInt64, tag: UInt64) {
        self.order = order
        self.tag = tag
        isWellFormed = true
    }

    /// The id `text` spells; one that is not 32 hexadecimal digits is kept as not ``isWellFormed``, so that the
    /// validator (not the reader) refuses it with the reason.
    package init(_ text: String) {
        self = Self(parsing: text) ?? Self(order: 0, tag: 0, wellFormed: false)
    }

    private init(order: UInt64, tag: UInt64, wellFormed: Bool) {
        self.order = order
        self.tag = tag
        isWellFormed = wellFormed
    }

    /// The id `text` spells, if it is 32 hexadecimal digits (either case).
    package init?(parsing text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 32, let tag = HexDigits.value(utf8[0..<16], capitals: true),
            let order = HexDigits.value(utf8[16..<32], capitals: true)
        else {
            return nil
        }
        self.init(order: order, tag: tag)
    }

    package init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// 32 lowercase hexadecimal digits: ``tag``, then ``order``.
    package var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        HexDigits.append(tag, to: &bytes)
        HexDigits.append(order, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first 8 digits: what `pace events` shows, and what `pace edit` and `pace delete` take.
    package var short: String { String(description.prefix(8)) }

    /// The beginning of an id's text, as `pace edit` and `pace delete` take it: 4 to 32 hexadecimal digits, either
    /// case. Parsed once, then matched against ids without spelling them out.
    package struct Prefix: Sendable, Equatable {
        /// The digits read, as the high bits of ``EventID/tag`` and then ``EventID/order``.
        private var tag: UInt64 = 0
        private var order: UInt64 = 0
        /// How many digits were given.
        private var count = 0

        /// The prefix `text` spells, if it is 4 to 32 hexadecimal digits.
        package init?(_ text: some StringProtocol) {
            let utf8 = Array(text.utf8)
            guard (4...32).contains(utf8.count) else { return nil }
            let tagDigits = min(16, utf8.count)
            guard let tag = HexDigits.value(utf8[0..<tagDigits], capitals: true),
                let order = HexDigits.value(utf8[tagDigits...], capitals: true)
            else {
                return nil
            }
            self.tag = tag << UInt64(4 * (16 - tagDigits))
            self.order = utf8.count > 16 ? order << UInt64(4 * (32 - utf8.count)) : 0
            count = utf8.count
        }

        /// Whether `id`'s text begins with these digits.
        package func matches(_ id: EventID) -> Bool {
            let tagMask = count >= 16 ? UInt64.max : ~(UInt64.max >> UInt64(4 * count))
            let orderMask = count <= 16 ? 0 : ~(UInt64.max >> UInt64(4 * (count - 16)))
            return id.tag & tagMask == tag && id.order & orderMask == order
        }
    }

    /// Ordered by ``order``, then ``tag``.
    package static func < (left: EventID, right: EventID) -> Bool {
        (left.order, left.tag) < (right.order, right.tag)
    }

    /// The smallest id, for bounds.
    package static let zero = EventID(order: 0, tag: 0)

    /// A new id for an event recorded at `instant`, the `sequence`-th made in that millisecond.
    package static func make(at instant: Instant, sequence: Int) -> EventID {
        var generator = SystemRandomNumberGenerator()
        return EventID(order: orderBits(instant, sequence), tag: generator.next())
    }

    /// The id of an event that has none (written before ids, or imported without one): `occurrence` counts the
    /// events of the same instant before it in the same file, `content` is ``contentHash(_:)`` of its bytes.
    package static func derived(at instant: Instant, occurrence: Int, content: UInt64) -> EventID {
        EventID(order: orderBits(instant, occurrence), tag: content)
    }

    private static func orderBits(_ instant: Instant, _ sequence: Int) -> UInt64 {
        let milliseconds = UInt64(clamping: max(0, instant.millisecondsSinceEpoch)) & 0xFFFF_FFFF_FFFF
        return milliseconds << 16 | UInt64(clamping: max(0, min(sequence, 0xFFFF)))
    }

    /// A 64-bit hash of `bytes` (FNV-1a over 8-byte words, with a final mix): the same on every machine and in
    /// every version, since derived ids are compared across them. Not cryptographic: it tells apart events, not
    /// attackers (an event that copies another's id is the same event, or a conflict the record settles).
    package static func contentHash(_ bytes: some Collection<UInt8>) -> UInt64 {
        if let hash = bytes.withContiguousStorageIfAvailable({ contentHash(UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        return contentHash(Array(bytes))
    }

    /// ``contentHash(_:)`` of contiguous bytes, eight at a time.
    package static func contentHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            hash = (hash ^ word) &* 0x0000_0100_0000_01b3
            offset += 8
        }
        var word: UInt64 = 0
        var filled = 0
        for byte in bytes[offset...] {
            word |= UInt64(byte) << UInt64(8 * filled)
            filled += 1
            if filled == 8 {
                hash = (hash ^ word) &* 0x0000_0100_0000_01b3
                word = 0
                filled = 0
            }
        }
        hash = (hash ^ word ^ UInt64(bytes.count) << 56) &* 0x0000_0100_0000_01b3
        // The finalizer of SplitMix64: every bit of the input reaches every bit of the hash.
        hash = (hash ^ hash >> 30) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ hash >> 27) &* 0x94d0_49bb_1331_11eb
        return hash ^ hash >> 31
    }
}

/// Counts events of the same instant in file order, for ``EventID/derived(at:occurrence:content:)``: events of
/// one command share an instant and follow each other.
package struct EventOccurrences: Sendable {
    private var last: Instant?
    private var count = 0

    package init() {}

    /// The id of `event`, the next in its file: its own, or (written without one) the one derived from its place
    /// and `content`, the hash of its bytes (``EventID/derived(at:occurrence:content:)``).
    package mutating func id(of event: Event, content: () -> UInt64) -> EventID {
        let occurrence = next(at: event.at)
        return event.header.id ?? .derived(at: event.at, occurrence: occurrence, content: content())
    }

    /// The place of an event at `instant` among those of the same instant just before it.
    package mutating func next(at instant: Instant) -> Int {
        if instant == last {
            count += 1
        } else {
            last = instant
            count = 0
        }
        return count
    }
}
