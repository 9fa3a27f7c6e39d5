import Foundation
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// Pace in the panel: a real `paced` serves its StatusNotifierItem and dbusmenu menu on a private session bus, and
/// `Tests/DBus/tray_host.py` plays the panel (the StatusNotifierWatcher and a host that reads the item and clicks
/// its menu). Clicks record the events `pace` would; a click on an entry the menu no longer has records nothing.
@Suite(.enabled(if: TestBlueZ.isAvailable, "needs dbus-daemon, busctl and python3 with dbus and gi"))
struct TrayTests {
    /// The panel was there first: the item registers as paced starts, and shows what is left and the menu.
    @Test func itemShowsWhatIsLeftAndItsMenuRecordsClicks() async throws {
        let opener = TemporaryDirectory(prefix: "pace-open")
        defer { opener.remove() }
        let opened = opener.appending("opened")
        try Data("#!/bin/sh\necho \"$1\" >> '\(opened)'\n".utf8).write(to: URL(filePath: opener.appending("xdg-open")))
        chmod(opener.appending("xdg-open"), 0o755)
        let path = opener.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let rig = try ReminderRig(environment: ["PATH": path], start: false)
        let host = try TestTrayHost(on: try #require(rig.sessionBus), in: rig.directory.path)
        defer { host.stop() }
        try rig.startDaemon()
        let pid = try rig.status().pid
        #expect(await eventually { host.registrations.count == 1 }, "\(rig.standardError)")
        #expect(host.registrations == ["org.kde.StatusNotifierItem-\(pid)-1"])

        let item = try host.item()
        #expect(item.properties.id == "pace")
        #expect(item.properties.title == "Pace")
        #expect(item.properties.category == "ApplicationStatus")
        #expect(item.properties.status == "Active")
        #expect(item.properties.iconName == "")
        #expect(item.properties.itemIsMenu)
        #expect(item.properties.menu == "/MenuBar")
        #expect(item.properties.toolTip.title == "Pace")
        #expect(item.properties.toolTip.iconName == "appointment-soon-symbolic")
        #expect(item.properties.toolTip.text.hasSuffix("points left (calibrating)"), "\(item.properties.toolTip.text)")
        let pixmaps = item.properties.iconPixmap
        #expect(pixmaps.map(\.width) == [16, 22, 24, 32, 48, 64])
        #expect(pixmaps.allSatisfy { $0.width == $0.height && $0.argb.count == $0.width * $0.height * 4 })
        // The whole day is left: the ring is drawn all round, in blue, with nothing in the middle.
        let large = try #require(pixmaps.last)
        #expect(large.pixel(32, 6) == [255, 61, 174, 233])
        #expect(large.pixel(6, 32) == [255, 61, 174, 233])
        #expect(large.pixel(32, 32).first == 0)

        var menu = try host.layout()
        let labels = menu.labels
        for label in [
            "Start", "Start walking", "Start rest", "Snooze reminders 5 min", "Flare day", "Energy today", "Low",
            "Usual", "Good", "Open the report",
        ] {
            #expect(labels.contains(label), "\(labels)")
        }
        #expect(labels.first == item.properties.toolTip.text)
        #expect(!labels.contains { $0.hasPrefix("Stop") })

        let statusLine = try #require(menu.children.first?.id)
        // Start walking: the event `pace start walk` records; the menu offers Stop now.
        let startWalking = try #require(menu.entry("Start walking")?.id)
        #expect(try host.click(startWalking) == "ok")
        #expect(await eventually { (try? host.layout().entry("Stop walking")) != nil }, "\(rig.standardError)")
        #expect(try rig.events().filter { $0.type == "activityStarted" }.map(\.activity) == ["walk"])
        // Something runs: a dot in the middle.
        #expect(try host.item().properties.iconPixmap.last?.pixel(32, 32).first == 255)
        // The entry it came from is gone: a click on it (a host drawing an old menu) is refused and records nothing.
        #expect(try host.click(startWalking) == "org.freedesktop.DBus.Error.InvalidArgs")

        menu = try host.layout()
        // The status line changed its words, not its id: a line's id is its place.
        #expect(menu.children.first?.id == statusLine)
        let stop = try #require(menu.entry("Stop walking")?.id)
        #expect(try host.click(stop) == "ok")
        _ = try host.click(stop)
        #expect(await eventually { (try? host.layout().entry("Stop walking")) == nil })

        // Energy today: Good records the check-in the morning prompt's button does. Then it is ticked, and neither
        // the old entry (from a menu drawn before) nor the ticked one records another.
        menu = try host.layout()
        let good = try #require(menu.entry("Good"))
        #expect(good.properties["toggle-type"] == .text("radio"))
        #expect(good.properties["toggle-state"] == .number(0))
        #expect(try host.click(good.id) == "ok")
        #expect(await eventually { (try? host.layout().entry("Good")?.properties["toggle-state"]) == .number(1) })
        #expect(try host.click(good.id) == "org.freedesktop.DBus.Error.InvalidArgs")
        #expect(try host.click(try #require(host.layout().entry("Good")?.id)) == "ok")

        // Flare on; the same entry again (it says "on" now) records nothing; snooze; rest.
        menu = try host.layout()
        let flare = try #require(menu.entry("Flare day"))
        #expect(flare.properties["toggle-state"] == .number(0))
        #expect(try host.click(flare.id) == "ok")
        #expect(await eventually { (try? host.layout().entry("Flare day")?.properties["toggle-state"]) == .number(1) })
        #expect(try host.click(flare.id) == "org.freedesktop.DBus.Error.InvalidArgs")
        #expect(try host.click(try #require(host.layout().entry("Snooze reminders 5 min")?.id)) == "ok")
        #expect(await eventually { (try? host.layout().entry(startingWith: "Reminders snoozed for")) != nil })
        #expect(try host.click(try #require(host.layout().entry("Start rest")?.id)) == "ok")
        #expect(await eventually { (try? host.layout().entry("End rest")) != nil })
        // Flare on: the ring turns violet.
        #expect(try host.item().properties.iconPixmap.last?.pixel(32, 6) == [255, 155, 89, 182])

        let types = try rig.events().map(\.type).filter { $0 != "reminderShown" }
        #expect(types == ["activityStarted", "activityStopped", "checkIn", "flareStarted", "snoozed", "restStarted"])
        #expect(try rig.checkIns().map(\.energy) == [7])
        #expect(host.signals.contains("LayoutUpdated"))
        #expect(host.signals.contains("NewIcon"))
        #expect(host.signals.contains("NewToolTip"))

        // The report: drawn by `pace report --html` beside the socket, then handed to xdg-open.
        #expect(try host.click(try #require(host.layout().entry("Open the report")?.id)) == "ok")
        #expect(await eventually { FileManager.default.contents(atPath: opened) != nil }, "\(rig.standardError)")
        let file = String(decoding: FileManager.default.contents(atPath: opened) ?? Data(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(file.hasSuffix("/report.html"))
        let page = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
        #expect(page.contains("<html"))
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// A reminder waiting for an answer, or a used budget, asks for attention; answering it from the menu ends it.
    @Test func needsAttentionWhileAReminderWaitsAndWhenTheBudgetIsUsed() async throws {
        let rig = try ReminderRig()
        let host = try TestTrayHost(on: try #require(rig.sessionBus), in: rig.directory.path)
        defer { host.stop() }
        #expect(await eventually { host.registrations.count == 1 }, "\(rig.standardError)")
        try rig.startWalk()
        try rig.advance(minutes: 11)
        try #require(await rig.waitForNotifies(1), "\(rig.standardError)")
        #expect(await eventually { (try? host.item().properties.status) == "NeedsAttention" }, "\(rig.standardError)")
        #expect(host.signals.contains("NewStatus"))
        #expect(try host.click(try #require(host.layout().entry("Stop walking")?.id)) == "ok")
        #expect(await eventually { (try? host.item().properties.status) == "Active" }, "\(rig.standardError)")

        // A day's budget used: attention, and the ring red all round.
        let start = try rig.now().adding(seconds: -6 * 3600)
        try rig.call(
            PaceAPI.LogActivity.self,
            .init(kind: "walk", startedAt: start.rfc3339, durationSeconds: 5 * 3600, confirmed: true))
        #expect(await eventually { (try? host.item().properties.status) == "NeedsAttention" })
        let icon = try #require(try host.item().properties.iconPixmap.last)
        #expect(icon.pixel(32, 6) == [255, 218, 68, 83])
        #expect(icon.pixel(6, 32) == [255, 218, 68, 83])
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// The panel comes later, crashes while the item registers, comes back, restarts: the item registers with each
    /// watcher once, and paced carries on.
    @Test func registersWithEachWatcherThatAppears() async throws {
        let rig = try ReminderRig()
        let bus = try #require(rig.sessionBus)
        #expect(await eventually { !rig.lines(containing: "no StatusNotifierWatcher on the session bus yet").isEmpty })

        let crashing = try TestTrayHost(on: bus, in: rig.directory.path, vanishOnRegister: true)
        #expect(await eventually { !crashing.isRunning })
        #expect(crashing.registrations.count == 1)
        #expect(
            await eventually { !rig.lines(containing: "did not take the item").isEmpty }, "\(rig.standardError)")

        let first = try TestTrayHost(on: bus, in: rig.directory.path)
        #expect(await eventually { first.registrations.count == 1 }, "\(rig.standardError)")
        #expect(try first.item().properties.id == "pace")
        first.stop()

        let second = try TestTrayHost(on: bus, in: rig.directory.path)
        defer { second.stop() }
        #expect(await eventually { second.registrations.count == 1 }, "\(rig.standardError)")
        #expect(try second.item().properties.id == "pace")
        _ = try rig.status()
        #expect(first.registrations.count == 1)
        #expect(second.registrations.count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// A panel that starts after the state changed shows the state as it is then. While no watcher has taken the
    /// item nothing is drawn after a change (nobody would see it: the tray was most of an acknowledged write's work);
    /// the registration draws what changed meanwhile, and the menu's usual kinds, counted only for a panel.
    @Test func aPanelThatComesLaterShowsTheStateAsItIsThen() async throws {
        let rig = try ReminderRig()
        let bus = try #require(rig.sessionBus)
        #expect(await eventually { !rig.lines(containing: "no StatusNotifierWatcher on the session bus yet").isEmpty })
        try rig.startWalk()

        let host = try TestTrayHost(on: bus, in: rig.directory.path)
        defer { host.stop() }
        #expect(await eventually { host.registrations.count == 1 }, "\(rig.standardError)")
        #expect(await eventually { (try? host.layout().entry("Stop walking")) != nil }, "\(rig.standardError)")
        let switchTo = try #require(try host.layout().entry("Switch to"))
        #expect(!switchTo.children.isEmpty, "\(switchTo.labels)")
        #expect(!switchTo.labels.contains("Start walking"))
        // The walk runs: the ring has its dot in the middle.
        #expect(try host.item().properties.iconPixmap.last?.pixel(32, 32).first == 255)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// `[desktop] tray = false`: not in the panel; switched on by a reload it registers, switched off again it gives
    /// up its bus name, which is how panels learn an item is gone.
    @Test func trayFalseKeepsPaceOutOfThePanelAndAReloadFollowsIt() async throws {
        let rig = try ReminderRig(configuration: "[desktop]\ntray = false\n", start: false)
        let host = try TestTrayHost(on: try #require(rig.sessionBus), in: rig.directory.path)
        defer { host.stop() }
        try rig.startDaemon()
        let pid = try rig.status().pid
        try setTray(true, rig)
        #expect(await eventually { host.registrations.count == 1 }, "\(rig.standardError)")
        // One registration: none while it was off.
        #expect(host.registrations == ["org.kde.StatusNotifierItem-\(pid)-1"])
        try setTray(false, rig)
        #expect(await eventually { host.departures == ["org.kde.StatusNotifierItem-\(pid)-1"] }, "\(rig.standardError)")
        #expect(host.registrations.count == 1)
        #expect(rig.daemon.stop() == .exited(0))
    }

    /// Rewrites `tray = …` in the rig's config file and reloads it (SIGHUP), returning once paced says it did.
    private func setTray(_ on: Bool, _ rig: ReminderRig) throws {
        let file = rig.daemon.root.appending("config/pace/config.toml")
        let text = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
        let changed = text.replacingOccurrences(of: "tray = \(!on)", with: "tray = \(on)")
        try Data(changed.utf8).write(to: URL(filePath: file))
        let before = rig.lines(containing: "configuration reloaded from").count
        rig.daemon.process?.signal(SIGHUP)
        guard poll(timeoutMilliseconds: 20_000, { rig.lines(containing: "configuration reloaded from").count > before })
        else { throw TestFailure("paced did not reload its configuration: \(rig.standardError)") }
    }

    /// A real panel: Xfce's Status Tray under Xvfb takes the item and draws the ring (blue: the day ahead), then
    /// redraws it red once the day is used. `PACE_TRAY_SCREENSHOT=DIR` keeps the two screenshots there.
    @Test(.enabled(if: XfcePanel.isAvailable, "needs xfce4-panel, xfconf, Xvfb and GDK's introspection data"))
    func xfcePanelDrawsTheRing() async throws {
        let rig = try ReminderRig(start: false)
        let panel = try XfcePanel(on: try #require(rig.sessionBus), in: rig.directory.path)
        try rig.startDaemon()
        #expect(
            await eventually { !rig.lines(containing: "tray: registered with the StatusNotifierWatcher").isEmpty },
            "\(rig.standardError)\n\(panel.standardError)")
        let keep = ProcessInfo.processInfo.environment["PACE_TRAY_SCREENSHOT"]
        let first = keep.map { $0 + "/tray-xfce-day-ahead.png" } ?? rig.directory.appending("day-ahead.png")
        var counts: [String: Int] = [:]
        #expect(
            await eventually {
                counts = (try? panel.screenshot(to: first)) ?? [:]
                return counts["blue", default: 0] > 20
            }, "\(counts)\n\(panel.standardError)")

        try rig.startWalk()
        let start = try rig.now().adding(seconds: -6 * 3600)
        try rig.call(
            PaceAPI.LogActivity.self,
            .init(kind: "walk", startedAt: start.rfc3339, durationSeconds: 5 * 3600, confirmed: true))
        let second = keep.map { $0 + "/tray-xfce-day-used.png" } ?? rig.directory.appending("day-used.png")
        #expect(
            await eventually {
                counts = (try? panel.screenshot(to: second)) ?? [:]
                return counts["red", default: 0] > 20 && counts["blue", default: 0] == 0
            }, "\(counts)\n\(panel.standardError)")
        #expect(rig.daemon.stop() == .exited(0))
    }
}
