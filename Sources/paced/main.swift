import ArgumentParser
import FoundationEssentials
import PaceDaemon
import PaceSystem

// Before any thread exists. The daemon's work runs on one thread (its event loop), so threads seldom allocate at the
// same moment, and one arena keeps less resident than one per thread (docs/performance.md).
Heap.useOneArena()
if CommandLine.arguments.count <= 1 {
    // As systemd starts it, with no option: straight to the daemon. The argument parser's set-up (its
    // completion-script check among it) costs 7 million instructions at every start for nothing to parse.
    let environment = ProcessInfo.processInfo.environment
    Paced.serve(
        socket: nil, configuration: ConfigurationSource.resolve(environment: environment, explicitPath: nil),
        environment: environment)
} else {
    Paced.main()
}
