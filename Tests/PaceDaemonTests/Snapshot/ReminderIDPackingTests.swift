import PaceCore
import Testing

@testable import PaceDaemon

/// A snapshot writes a reminder id as its text, its count first, without making the string: the count is
/// written before the text is, so ids of 128 bytes and more (whose count takes two bytes) are the case to hold.
@Suite struct ReminderIDPackingTests {
    @Test(arguments: [1, 2, 127, 128, 129, 300])
    func idsOfEveryLengthReadBackAsWritten(length: Int) throws {
        let ids = [
            ReminderID(String(repeating: "x", count: length)), ReminderID("bout:1764072300000"),
            ReminderID("budget90:2026-11-25"), ReminderID("é" + String(repeating: "y", count: length)),
        ]
        var writer = BinaryWriter()
        for id in ids {
            writer.reminderID(id)
            writer.byte(0x5A)
        }
        var plain = BinaryWriter()
        for id in ids {
            plain.string(id.rawValue)
            plain.byte(0x5A)
        }
        #expect(writer.bytes == plain.bytes)
        try writer.bytes.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws in
            var reader = BinaryReader(bytes: bytes, position: 0, end: bytes.count)
            for id in ids {
                #expect(try reader.reminderID() == id)
                #expect(try reader.byte() == 0x5A)
            }
            #expect(reader.position == reader.end)
        }
    }
}
