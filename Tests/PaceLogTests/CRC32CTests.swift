import PropertyBased
import Testing

@testable import PaceLog

@Suite struct CRC32CTests {
    /// RFC 3720 (iSCSI), appendix B.4, plus the usual check value of "123456789".
    @Test func matchesTheRFC3720TestVectors() {
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
        let readCommand: [UInt8] = [
            0x01, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18,
            0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        ]
        #expect(CRC32C.checksum(readCommand) == 0xD996_3A56)
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    @Test func slicingByEightAgreesWithTheBytewiseTableAtEveryLengthAndAlignment() async {
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 0...300), Gen.int(in: 0...7)) { bytes, skip in
            let slice = bytes.dropFirst(min(skip, bytes.count))
            #expect(CRC32C.checksum(slice) == CRC32C.checksumBytewise(slice))
        }
    }

    @Test func theCPUInstructionAgreesWithTheTables() async {
        // On x86-64 with SSE 4.2 (every machine these tests run on) `checksum` uses the instruction.
        await propertyCheck(count: 300, input: Gen.uint8().array(of: 0...5000), Gen.int(in: 0...15)) { bytes, skip in
            let slice = bytes.dropFirst(min(skip, bytes.count))
            let previous = UInt32(truncatingIfNeeded: bytes.count &* 2_654_435_761)
            slice.withUnsafeBytes { raw in
                #expect(CRC32C.checksum(raw) == CRC32C.portableChecksum(raw))
                #expect(
                    CRC32C.checksum(raw, continuing: previous) == CRC32C.portableChecksum(raw, continuing: previous))
            }
        }
        #if arch(x86_64)
        #expect(CRC32C.hardware)
        #endif
    }

    @Test func checksumsContinueAcrossPieces() async {
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 0...200), Gen.uint8().array(of: 0...200)) { a, b in
            #expect(CRC32C.checksum(b, continuing: CRC32C.checksum(a)) == CRC32C.checksum(a + b))
        }
    }
}
