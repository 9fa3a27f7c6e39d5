import Glibc
import PaceSystem

/// What `/proc` says about a process and its descendants: context switches and memory.
enum ProcessProbe {
    /// A thread's context switches: voluntary ones (it slept, on a wait or a call that blocked, and was woken: each
    /// is a wakeup) and involuntary ones (it was running and the scheduler gave its CPU to another task).
    struct Switches {
        var voluntary = 0
        var involuntary = 0
        var total: Int { voluntary + involuntary }

        static func + (a: Switches, b: Switches) -> Switches {
            Switches(voluntary: a.voluntary + b.voluntary, involuntary: a.involuntary + b.involuntary)
        }

        static func - (a: Switches, b: Switches) -> Switches {
            Switches(voluntary: a.voluntary - b.voluntary, involuntary: a.involuntary - b.involuntary)
        }
    }

    /// The context switches of every thread, keyed by "pid/tid".
    ///
    /// A voluntary switch of a sleeping thread is a wakeup: an idle process that never wakes up keeps these still.
    static func contextSwitches(_ pids: [Int32]) -> [String: Switches] {
        var switches: [String: Switches] = [:]
        for pid in pids {
            for task in (try? Syscall.directoryEntries("/proc/\(pid)/task")) ?? [] {
                guard let text = readFile("/proc/\(pid)/task/\(task)/status") else { continue }
                var counts = Switches()
                for line in text.split(separator: "\n") {
                    let value = { Int(line.split(separator: ":").last!.filter { !$0.isWhitespace }) ?? 0 }
                    if line.hasPrefix("voluntary_ctxt_switches:") {
                        counts.voluntary = value()
                    } else if line.hasPrefix("nonvoluntary_ctxt_switches:") {
                        counts.involuntary = value()
                    }
                }
                switches["\(pid)/\(task)"] = counts
            }
        }
        return switches
    }

    /// Memory of a set of processes, summed, in kB.
    struct Memory {
        var rss = 0
        var pss = 0
        var anonymous = 0

        static func + (a: Memory, b: Memory) -> Memory {
            Memory(rss: a.rss + b.rss, pss: a.pss + b.pss, anonymous: a.anonymous + b.anonymous)
        }
    }

    /// `Rss`, `Pss` and `Pss_Anon` from `/proc/PID/smaps_rollup`, summed over `pids`.
    static func memory(_ pids: [Int32]) -> Memory {
        pids.reduce(Memory()) { total, pid in
            guard let text = readFile("/proc/\(pid)/smaps_rollup") else { return total }
            var memory = Memory()
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count >= 2, let value = Int(fields[1]) else { continue }
                switch fields[0] {
                case "Rss:": memory.rss = value
                case "Pss:": memory.pss = value
                case "Pss_Anon:": memory.anonymous = value
                default: break
                }
            }
            return total + memory
        }
    }

    /// The most memory `pid` has had resident (`VmHWM` from `/proc/PID/status`), in kilobytes.
    static func peakResidentKilobytes(_ pid: Int32) -> Int {
        guard let text = readFile("/proc/\(pid)/status") else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    /// Nanoseconds on a CPU so far of every thread of `pid` (the first field of `/proc/PID/task/*/schedstat`).
    static func cpuNanoseconds(_ pid: Int32) -> Int64 {
        var total: Int64 = 0
        for task in (try? Syscall.directoryEntries("/proc/\(pid)/task")) ?? [] {
            if let text = readFile("/proc/\(pid)/task/\(task)/schedstat"),
                let first = text.split(separator: " ").first, let value = Int64(first)
            {
                total += value
            }
        }
        return total
    }

    /// `pid` and every process descended from it (peers such as Safe Eyes run helpers).
    static func tree(_ pid: Int32) -> [Int32] {
        var parents: [Int32: [Int32]] = [:]
        for name in (try? Syscall.directoryEntries("/proc")) ?? [] {
            guard let child = Int32(name), let stat = readFile("/proc/\(name)/stat"),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = Int32(fields[1]) { parents[parent, default: []].append(child) }
        }
        var result = [pid]
        var index = 0
        while index < result.count {
            result += parents[result[index]] ?? []
            index += 1
        }
        return result
    }

    /// The whole file at `path` as text, or `nil` when it cannot be read.
    static func readFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
