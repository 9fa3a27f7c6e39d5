import FoundationEssentials

/// How often a process's threads were switched out, from `/proc/PID/task/*/status`: the measure of an idle
/// process's wakeups (each wakeup of a sleeping thread is at least one voluntary switch).
package enum ContextSwitches {
    /// Voluntary plus involuntary context switches of every thread of `pid`, by thread id.
    package static func byThread(_ pid: Int32) -> [String: Int] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var switches: [String: Int] = [:]
        for task in tasks {
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/task/\(task)/status") else { continue }
            switches[task] = String(decoding: data, as: UTF8.self).split(separator: "\n")
                .filter { $0.hasPrefix("voluntary_ctxt_switches:") || $0.hasPrefix("nonvoluntary_ctxt_switches:") }
                .compactMap { Int($0.split(separator: ":").last!.filter { !$0.isWhitespace }) }
                .reduce(0, +)
        }
        return switches
    }

    /// The switches from `earlier` to `later` summed over the threads of `later` (a new thread counts whole).
    package static func added(from earlier: [String: Int], to later: [String: Int]) -> Int {
        later.reduce(0) { $0 + $1.value - (earlier[$1.key] ?? 0) }
    }
}
