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

    /// Resident kB of this executable's code (its executable, read-only mappings), from `/proc/self/smaps`.
    private static func executableCodeKilobytes() throws -> Int {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let executable = String(decoding: buffer[..<max(0, length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let file = try #require(fopen("/proc/self/smaps", "r"))
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 4352)
        var counting = false
        var total = 0
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let fields = text.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), fields.count >= 2 {
                let permissions = Array(fields[1])
                counting =
                    permissions[1] == "-" && permissions[2] == "x"
                    && fields.last.map { $0.hasSuffix(executable + "\n") } == true
            } else if counting, text.hasPrefix("Rss:") {
                total += Int(fields[1]) ?? 0
            }
        }
        return total
    }

    /// After start-up the daemon lets go of its code: it leaves the resident set and stays correct (what runs next
    /// faults back from the page cache); data, relocated or written, is never touched.
    @Test func theExecutablesCodeLeavesTheResidentSetAndStillRuns() throws {
        let before = try Self.executableCodeKilobytes()
        try #require(before > 0)
        Self.marker = 4242
        let released = Heap.releaseExecutablePages()
        let after = try Self.executableCodeKilobytes()
        #expect(released > 0)
        #expect(after < before, "\(before) kB resident before, \(after) kB after")
        // Data kept its values (relocated constants included: the string and the map use them); code is there again
        // as soon as it runs.
        #expect(Self.marker == 4242)
        #expect(String(describing: [1, 2, 3].map { $0 * 2 }) == "[2, 4, 6]")
    }

    nonisolated(unsafe) private static var marker = 0
}
