import ArgumentParser
import PaceSystem

// Before any thread exists. The daemon's work runs on one serial queue, so its threads seldom allocate at the same
// moment, and one arena keeps 0.3 MB less resident than one per Dispatch thread (docs/performance.md).
Heap.useOneArena()
Paced.main()
