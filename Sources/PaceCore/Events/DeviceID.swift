/// A device's identity in a sync folder (docs/sync.md): 64 random bits, written as 16 lowercase hexadecimal digits,
/// which name the device's folder `devices/<id>/`.
///
/// An event carries one as its `device` when it was received from that device's folder; events recorded here carry
/// none.
package struct DeviceID: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The 64 bits.
    package var bits: UInt64
    /// Whether the text it was read from was a device id at all (`false`: the validator refuses the event).
    package var isWellFormed: Bool

    package init(bits: UInt64) {
        self.bits = bits
        isWellFormed = true
    }

    /// The id `text` spells; one that is not 16 hexadecimal digits is kept as not ``isWellFormed``, so that the
    /// validator (not the reader) refuses it with the reason.
    package init(_ text: String) {
        self =
            Self(parsing: text)
            ?? {
                var id = Self(bits: 0)
                id.isWellFormed = false
                return id
            }()
    }

    /// The id `text` spells, if it is 16 lowercase hexadecimal digits (the name of a device's folder).
    package init?(parsing text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 16, let value = HexDigits.value(utf8, capitals: false) else { return nil }
        self.init(bits: value)
    }

    /// A new id: 64 bits from the system's generator (`getrandom`).
    package static func random() -> DeviceID {
        var generator = SystemRandomNumberGenerator()
        return DeviceID(bits: generator.next())
    }

    package init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// 16 lowercase hexadecimal digits.
    package var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        HexDigits.append(bits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    package static func < (left: DeviceID, right: DeviceID) -> Bool { left.bits < right.bits }
}
