import Glibc

/// Process resource limits.
package enum ResourceLimits {
    /// Raises the soft limit on open files to the hard limit (at most `cap`), so many clients can connect.
    ///
    /// The soft limit of 1024 exists for programs that use `select()`; Pace never does.
    /// - Returns: The soft limit now in force.
    @discardableResult
    package static func raiseOpenFileLimit(cap: UInt = 65_536) -> UInt {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        let wanted = min(UInt(limit.rlim_max), cap)
        if UInt(limit.rlim_cur) < wanted {
            limit.rlim_cur = rlim_t(wanted)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) != 0 { return UInt(limit.rlim_cur) }
        }
        return UInt(limit.rlim_cur)
    }
}
