import PaceCore
import Testing

@testable import PaceDaemon

/// A snapshot writes a reminder id Pace makes as its kind and number (the number after the day's midnight), any
/// other as its text; each reads back as the same id. And the varints everything else is made of read back at
/// every length, with the end of the bytes anywhere after them.
@Suite struct ReminderIDPackingTests {
    static let reference: Int64 = 20_430 * 86_400_000

    @Test(arguments: [1, 2, 127, 128, 129, 300])
    func idsOfEveryLengthReadBackAsWritten(length: Int) throws {
        let ids = [
            ReminderID(String(repeating: "x", count: length)), ReminderID("bout:1764072300000"),
            ReminderID("budget90:2026-11-25"), ReminderID("é" + String(repeating: "y", count: length)),
            ReminderID("rest:0"), ReminderID("bout:999999999999999999"), ReminderID("flare:0000-01-01"),
            ReminderID("budget100:9999-12-31"), ReminderID("bout:-5"), ReminderID("away:\(Self.reference)"),
        ]
        var writer = BinaryWriter()
        for id in ids {
            writer.reminderID(id, reference: Self.reference)
            writer.byte(0x5A)
        }
        try writer.bytes.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws in
            var reader = BinaryReader(bytes: bytes, position: 0, end: bytes.count)
            for id in ids {
                let read = try reader.reminderID(reference: Self.reference)
                #expect(read == id)
                #expect(read.rawValue == id.rawValue)
                #expect(try reader.byte() == 0x5A)
            }
            #expect(reader.position == reader.end)
        }
    }

    /// A form byte naming a kind Pace does not have, or a number no id of that form has, is refused.
    @Test(arguments: [[UInt8(1 + 2 * 100), 0], [2, 1]])
    func idsOutOfRangeAreRefused(bytes: [UInt8]) {
        bytes.withUnsafeBytes { bytes in
            var reader = BinaryReader(bytes: bytes, position: 0, end: bytes.count)
            // [2, 1]: a numbered id whose number is the reference less one (zigzag 1 is -1), below zero at 0.
            #expect(throws: BinaryCoding.FormatError.self) { try reader.reminderID(reference: 0) }
        }
    }

    @Test func varintsOfEveryLengthReadBackWithTheEndAnywhere() throws {
        var values: [UInt64] = [0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, .max, .max - 1, 1 << 63]
        for bits in 1...63 { values += [1 << UInt64(bits), (1 << UInt64(bits)) - 1] }
        for value in values {
            var writer = BinaryWriter()
            writer.unsigned(value)
            let length = writer.bytes.count
            // Padding after it, so the end lies at every distance from it.
            for padding in 0...9 {
                let bytes = writer.bytes + Array(repeating: 0xFF, count: padding)
                try bytes.withUnsafeBytes { bytes throws in
                    var reader = BinaryReader(bytes: bytes, position: 0, end: bytes.count)
                    #expect(try reader.unsigned() == value)
                    #expect(reader.position == length)
                }
            }
            // Cut short anywhere, it is refused.
            for cut in 0..<length {
                Array(writer.bytes[..<cut]).withUnsafeBytes { bytes in
                    var reader = BinaryReader(bytes: bytes, position: 0, end: bytes.count)
                    #expect(throws: BinaryCoding.FormatError.self) { try reader.unsigned() }
                }
            }
        }
    }
}
