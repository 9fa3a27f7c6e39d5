import FoundationEssentials
import Glibc
import PaceProtocol
import PaceTestSupport
import Testing

/// A daemon with nothing due does not wake up: no polling loop, no periodic tick, in any of its threads.
@Suite struct IdleDaemonTests {
    /// Three daemons with a fresh state and nothing due (no quiet hours, no morning prompt, no watchdog): one
    /// connected to both buses, with a notification server and logind answering, one the same with a panel that
    /// shows its tray item (the watcher and host of `Tests/DBus/tray_host.py`), one without any bus (it
    /// watches for their sockets with inotify). Each sleeps until its one wall-clock timer, armed for the next
    /// pacing day at 04:00 — 16 hours away on the rigs' clocks.
    ///
    /// libdispatch retires an idle worker thread 5 s after its last work item (`_dispatch_worker_thread` waits
    /// on its semaphore with a 5 s timeout, then exits): that thread's last switches are one wakeup after
    /// activity, never a periodic one. So counting starts once the daemons have been quiet for 6 s, and if a
    /// thread still comes or goes during the 10 s window (a slow machine), the next window is the one that
    /// counts.
    @Test(.timeLimit(.minutes(2)))
    func idleDaemonDoesNotWakeUp() async throws {
        let connected = try ReminderRig(desktop: .all)
        let alone = try ReminderRig(desktop: [])
        let panel = try ReminderRig(desktop: .all)
        let host = try TestTrayHost(on: try #require(panel.sessionBus), in: panel.directory.path)
        defer { host.stop() }
        #expect(await eventually { host.registrations.count == 1 }, "\(panel.standardError)")
        _ = try host.layout()
        #expect(try connected.health().desktop?.systemBus == true)
        #expect(try alone.health().desktop?.sessionBus == false)
        for rig in [connected, alone, panel] {
            let status = try rig.status()
            #expect(status.activity == nil)
            #expect(status.nextReminderAt?.hasSuffix("T04:00:00Z") == true)
        }
        let pids = [connected.daemon.pid, alone.daemon.pid, panel.daemon.pid]
        try await Task.sleep(for: .seconds(6))
        for window in 1...2 {
            let before = pids.map(ContextSwitches.byThread)
            try await Task.sleep(for: .seconds(10))
            let after = pids.map(ContextSwitches.byThread)
            if window == 1 && zip(before, after).contains(where: { Set($0.keys) != Set($1.keys) }) { continue }
            for (name, (earlier, later)) in zip(["connected", "without buses", "in a panel"], zip(before, after)) {
                let woken = ContextSwitches.added(from: earlier, to: later)
                print("IdleDaemonTests: \(name): \(woken) context switches in 10 s over \(later.count) threads")
                #expect(Set(later.keys) == Set(earlier.keys), "\(name): threads came or went: \(earlier) → \(later)")
                #expect(woken == 0, "\(name): context switches in 10 s: \(earlier) → \(later)")
            }
            break
        }
        #expect(connected.daemon.stop() == .exited(0))
        #expect(alone.daemon.stop() == .exited(0))
        #expect(panel.daemon.stop() == .exited(0))
    }
}
