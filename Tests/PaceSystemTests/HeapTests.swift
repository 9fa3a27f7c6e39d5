import Glibc
import PaceSystem
import Testing

@Suite struct HeapTests {
    /// Anonymous memory of this process in kB, from `/proc/self/smaps_rollup`.
    private static func anonymousKilobytes() throws -> Int {
        let file = try #require(fopen("/proc/self/smaps_rollup", "r"))
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("Anonymous:") {
                return try #require(Int(text.split(separator: " ", omittingEmptySubsequences: true)[1]))
            }
        }
        Issue.record("no Anonymous line in /proc/self/smaps_rollup")
        return 0
    }

    /// Memory freed below blocks still in use stays resident until the heap is trimmed; trimming gives it back.
    /// This is what the daemon does once after start-up, when replay or snapshot decoding leaves such holes.
    @Test func freedMemoryBelowLiveBlocksIsGivenBack() throws {
        let blockSize = 8 * 1024  // well below glibc's mmap threshold: these come from an arena
        let count = 4_000  // 32 MB
        var blocks: [UnsafeMutableRawPointer] = []
        blocks.reserveCapacity(count)
        for _ in 0..<count {
            let block = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 16)
            memset(block, 1, blockSize)  // make it resident
            blocks.append(block)
        }
        // Keep every tenth block, so the freed ones sit in holes glibc does not give back by itself.
        for (index, block) in blocks.enumerated() where index % 10 != 0 { block.deallocate() }
        let before = try Self.anonymousKilobytes()
        Heap.releaseFreePages()
        let after = try Self.anonymousKilobytes()
        for (index, block) in blocks.enumerated() where index % 10 == 0 { block.deallocate() }
        // 28.8 MB were freed; other tests allocate beside this one, so ask for a good part of it, not all.
        #expect(before - after >= 16 * 1024, "anonymous memory \(before) kB before trimming, \(after) kB after")
    }
}
