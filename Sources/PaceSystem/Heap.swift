import CPaceSystem

/// How the process's heap (glibc malloc) holds memory.
package enum Heap {
    /// Returns every whole free page of every malloc arena to the kernel (`malloc_trim(0)`), so that memory a
    /// burst of work used and freed stops counting as the process's resident memory.
    ///
    /// glibc gives freed memory back on its own only from the top of an arena, and only past a threshold;
    /// memory freed below live allocations stays resident. Costs about a millisecond (a year of history: 2 MB in
    /// 24 `madvise` calls): call it after a burst, never on a request path.
    /// - Returns: Whether any memory was released.
    @discardableResult
    package static func releaseFreePages() -> Bool {
        CPaceSystem_malloc_trim() == 1
    }

    /// Makes every thread allocate from the main arena (`M_ARENA_MAX` 1) instead of glibc's default of one arena
    /// per thread that allocates concurrently, up to eight per core: each arena keeps its own free memory and
    /// bookkeeping. Call it before any thread but the main one exists; it suits a process whose work is
    /// serialized, where threads seldom allocate at the same moment.
    package static func useOneArena() {
        _ = CPaceSystem_malloc_one_arena()
    }

    /// Releases the executable's code from the resident set (`madvise(MADV_DONTNEED)` over its executable, read-only
    /// mappings; never data, which may have been relocated before it was made read-only): once, after start-up, whose
    /// code (arguments, configuration, replay) never runs again. The pages stay in the page cache; what runs later
    /// faults back in, cheaply.
    /// - Returns: The bytes of mappings released.
    @discardableResult
    package static func releaseExecutablePages() -> Int {
        CPaceSystem_release_executable_pages()
    }
}
