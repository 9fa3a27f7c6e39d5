/// What the atomic-file crash test writes: generation after generation of a file whose size and every byte depend on
/// its generation, so a file cut short, or mixed from two generations, is told from a whole one.
package enum AtomicFileContents {
    /// Generation `generation`: its number (8 bytes, little-endian), then 64 to 256 KiB (several pages, so a write
    /// in place could be seen half done) of one byte.
    package static func bytes(generation: UInt64) -> [UInt8] {
        let size = 64 * 1024 + Int(generation % 7) * 32 * 1024
        var bytes = withUnsafeBytes(of: generation.littleEndian) { Array($0) }
        bytes += [UInt8](repeating: fill(generation), count: size - bytes.count)
        return bytes
    }

    /// The generation whose whole contents `bytes` are, or `nil` when they are not one generation's whole file.
    package static func generation(of bytes: [UInt8]) -> UInt64? {
        guard bytes.count >= 8 else { return nil }
        let generation = bytes[..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return bytes == Self.bytes(generation: generation) ? generation : nil
    }

    private static func fill(_ generation: UInt64) -> UInt8 {
        UInt8(truncatingIfNeeded: generation % 251 + 1)
    }
}
