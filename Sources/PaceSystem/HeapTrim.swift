import CPaceSystem

/// Gives the heap's free pages back to the kernel.
package enum HeapTrim {
    /// Returns every whole free page of every malloc arena to the kernel (`malloc_trim(0)`), so that memory a
    /// burst of work used and freed stops counting as the process's resident memory.
    ///
    /// glibc gives freed memory back on its own only from the top of an arena, and only past a threshold;
    /// memory freed below live allocations stays resident. Costs about a millisecond: call it after a burst,
    /// never on a request path.
    /// - Returns: Whether any memory was released.
    @discardableResult
    package static func releaseFreePages() -> Bool {
        CPaceSystem_malloc_trim() == 1
    }
}
