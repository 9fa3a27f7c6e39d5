import ArgumentParser
import PaceSystem

// Before any thread exists. The daemon's work runs on one thread (its event loop), so threads seldom allocate at the
// same moment, and one arena keeps less resident than one per thread (docs/performance.md).
Heap.useOneArena()
Paced.main()
