import Foundation
import Glibc
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

/// Issue 18, "one person, several screens": two real paceds, each with its own desktop (private buses, the
/// notification server, the test logind), share a sync folder. A bout started on the laptop runs on the desktop; a
/// reminder is shown only on the device the person is at (docs/sync.md, "One person, several screens"), never
/// repeated on the other, and answered once.
@Suite(.serialized)
struct SeveralScreensTests {
    private func rig(_ name: String, folder: String) throws -> ReminderRig {
        try ReminderRig(desktop: .all, configuration: "[sync]\nfolder = \"\(folder)\"\nname = \"\(name)\"\n")
    }

    private func device(_ rig: ReminderRig) throws -> String {
        let health = try rig.call(PaceAPI.GetHealth.self, NoParameters()).health
        return try #require(health.sync?.device)
    }

    /// Waits until `rig`'s daemon has logged `text` (one more time than `before`).
    private func waitForLine(_ rig: ReminderRig, _ text: String, after before: Int = 0) throws {
        guard poll(timeoutMilliseconds: 20_000, { rig.lines(containing: text).count > before }) else {
            throw TestFailure("paced never said \"\(text)\": \(rig.standardError)")
        }
    }

    @Test func aReminderShowsOnTheScreenInUseOnceAndIsAnsweredOnce() async throws {
        let shared = TemporaryDirectory(prefix: "pace-screens")
        defer { shared.remove() }
        let laptop = try rig("laptop", folder: shared.path)
        let desktop = try rig("desktop", folder: shared.path)
        let (laptopID, desktopID) = (try device(laptop), try device(desktop))
        let laptopLogind = try #require(laptop.logind)

        // A bout started on the laptop runs on the desktop.
        let walk = try laptop.startWalk()
        #expect(poll(timeoutMilliseconds: 20_000) { (try? desktop.status().activity?.startedAt) == walk.startedAt })

        // The person leaves the laptop (idle) and works at the desktop: the desktop learns it from the folder.
        try laptopLogind.setIdleHint(true)
        try waitForLine(desktop, "presence: device \(laptopID) away since")
        try waitForLine(desktop, "reminders show on this device")
        try waitForLine(laptop, "reminders show on device \(desktopID)")

        // The bout reaches its length on both: the desktop shows the reminder, the laptop holds it.
        try laptop.advance(minutes: 11)
        try desktop.advance(minutes: 11)
        #expect(await desktop.waitForNotifies(1), "\(desktop.standardError)")
        let reminder = try #require(desktop.notifies.first)
        #expect(reminder.actions?.contains("stop") == true, "\(reminder)")
        // Its `reminderShown` reaches the laptop, which never shows it: not now, not once the person is back.
        #expect(
            poll(timeoutMilliseconds: 20_000) {
                (try? laptop.shownReminders().contains { $0.device == desktopID }) == true
            })
        try laptopLogind.setIdleHint(false)
        try waitForLine(desktop, "presence: device \(laptopID) active since")
        _ = try laptop.status()
        #expect(laptop.notifies.isEmpty, "\(laptop.notifies)")
        #expect(try laptop.shownReminders().allSatisfy { $0.device == desktopID })

        // Answered on the desktop: one answer, on both devices; the walk stops on the laptop too.
        try desktop.press("stop", on: reminder.id)
        #expect(poll(timeoutMilliseconds: 20_000) { (try? laptop.status().activity) == nil })
        let answersOnLaptop = try laptop.events().filter { $0.type == "reminderActedOn" }
        let answersOnDesktop = try desktop.events().filter { $0.type == "reminderActedOn" }
        #expect(answersOnLaptop.count == 1)
        #expect(answersOnDesktop.count == 1)
        #expect(answersOnLaptop.first?.device == desktopID)

        // Now the laptop is the screen come to last: the next reminder is shown there, and not on the desktop.
        try waitForLine(laptop, "reminders show on this device")
        _ = try desktop.call(PaceAPI.StartActivity.self, .init(kind: "walk"))
        #expect(poll(timeoutMilliseconds: 20_000) { (try? laptop.status().activity) != nil })
        try desktop.advance(minutes: 11)
        try laptop.advance(minutes: 11)
        #expect(await laptop.waitForNotifies(1), "\(laptop.standardError)")
        #expect(
            poll(timeoutMilliseconds: 20_000) {
                (try? desktop.shownReminders().contains { $0.device == laptopID }) == true
            })
        _ = try desktop.status()
        #expect(desktop.notifies.count == 1, "\(desktop.notifies)")
    }

    /// A reminder held because the person is at another device says so in the status, naming that device, and
    /// `pace status` in words; the hold goes when the person comes back, and the reminder shows here.
    @Test func theStatusSaysAReminderIsHeldForTheDeviceThePersonIsAt() async throws {
        let shared = TemporaryDirectory(prefix: "pace-screens")
        defer { shared.remove() }
        let laptop = try rig("laptop", folder: shared.path)
        let desktop = try rig("desktop", folder: shared.path)
        let (laptopID, desktopID) = (try device(laptop), try device(desktop))
        let laptopLogind = try #require(laptop.logind)

        // The person works at the desktop, with do not disturb on there: the desktop holds the reminder for do
        // not disturb (so it is never shown, nor recorded as shown), the laptop for the desktop.
        try laptopLogind.setIdleHint(true)
        try waitForLine(desktop, "presence: device \(laptopID) away since")
        try waitForLine(laptop, "reminders show on device \(desktopID)")
        try #require(desktop.server).control("SetInhibited", "b", "true")
        try waitForLine(desktop, "notification server holds notifications")
        let walk = try laptop.startWalk()
        #expect(poll(timeoutMilliseconds: 20_000) { (try? desktop.status().activity?.startedAt) == walk.startedAt })
        try laptop.advance(minutes: 11)
        try desktop.advance(minutes: 11)
        #expect(
            poll(timeoutMilliseconds: 20_000) {
                (try? laptop.status().remindersHeld)
                    == PaceAPI.RemindersHeld(reason: "otherDevice", until: nil, device: "desktop")
            }, "\(String(describing: try? laptop.status().remindersHeld))")
        #expect(try desktop.status().remindersHeld?.reason == "doNotDisturb")
        let words = try laptop.daemon.pace("status")
        #expect(words.standardOutput.contains("reminders held for desktop, where you were last active"), "\(words)")
        #expect(laptop.notifies.isEmpty, "\(laptop.notifies)")

        // The person comes back to the laptop: it shows the reminder, and its status holds nothing.
        try laptopLogind.setIdleHint(false)
        #expect(await laptop.waitForNotifies(1), "\(laptop.standardError)")
        #expect(poll(timeoutMilliseconds: 20_000) { (try? laptop.status().remindersHeld) == nil })
        let after = try laptop.daemon.pace("status")
        #expect(!after.standardOutput.contains("reminders held"), "\(after)")
    }

    /// A device that stops without saying so (killed here) keeps its last presence, "active"; an hour after this
    /// device last heard from it, by this device's clock, that claim lapses, and the reminder held for it shows
    /// here at that moment, with nothing else happening (a timer armed at the lapse, only while a reminder is held
    /// for such a claim).
    @Test func aDeviceThatDiesWhileClaimingThePersonLosesTheClaimAfterAnHourOfSilence() async throws {
        let shared = TemporaryDirectory(prefix: "pace-screens")
        defer { shared.remove() }
        let laptop = try rig("laptop", folder: shared.path)
        let desktop = try rig("desktop", folder: shared.path)
        let laptopID = try device(laptop)
        let laptopLogind = try #require(laptop.logind)

        // The person comes back to the laptop: the screen come to last. Then the laptop dies.
        try laptopLogind.setIdleHint(true)
        try waitForLine(desktop, "presence: device \(laptopID) away since")
        // (The desktop may have logged the laptop's first "active" at its start: only a later one counts.)
        let active = "presence: device \(laptopID) active since"
        let activeBefore = desktop.lines(containing: active).count
        try laptopLogind.setIdleHint(false)
        try waitForLine(desktop, active, after: activeBefore)
        let chosen = desktop.lines(containing: active).last ?? ""
        #expect(chosen.contains("reminders show on device \(laptopID)"), "\(chosen)")
        // The desktop heard from the laptop last at this time or a little before.
        let heard = try desktop.now().millisecondsSinceEpoch
        _ = laptop.daemon.stop(signal: SIGKILL)

        // On the desktop, a bout reaches its length: held for the laptop, whose file still says active.
        _ = try desktop.startWalk()
        try desktop.advance(minutes: 11)
        #expect(
            poll(timeoutMilliseconds: 20_000) {
                (try? desktop.status().remindersHeld)
                    == PaceAPI.RemindersHeld(reason: "otherDevice", until: nil, device: "laptop")
            }, "\(String(describing: try? desktop.status().remindersHeld))")
        try desktop.settleSessionBus()
        #expect(desktop.notifies.isEmpty, "\(desktop.notifies)")

        // Eight seconds before an hour has passed since the laptop was last heard from: still held. Then the
        // claim lapses with nothing else happening, and the desktop shows the reminder at that moment.
        let now = try desktop.now().millisecondsSinceEpoch
        try desktop.advance(seconds: (heard + 3_600_000 - now) / 1000 - 8)
        #expect(try desktop.status().remindersHeld?.reason == "otherDevice")
        #expect(desktop.notifies.isEmpty, "\(desktop.notifies)")
        #expect(await desktop.waitForNotifies(1), "\(desktop.standardError)")
        #expect(try desktop.status().remindersHeld == nil)
        #expect(try desktop.shownReminders().count == 1)
    }

    /// The sync folder's `devices/` gone whole (moved away, by hand or by a restore): each device
    /// makes its folder again and writes its presence there again without waiting for it to change, and each
    /// follows the others again, so a change of presence after it still reaches the other device.
    @Test func presenceIsFollowedAgainAfterTheDevicesFolderIsDeleted() async throws {
        let shared = TemporaryDirectory(prefix: "pace-screens")
        defer { shared.remove() }
        let laptop = try rig("laptop", folder: shared.path)
        let desktop = try rig("desktop", folder: shared.path)
        let (laptopID, desktopID) = (try device(laptop), try device(desktop))
        let laptopLogind = try #require(laptop.logind)
        try laptopLogind.setIdleHint(true)
        try waitForLine(desktop, "presence: device \(laptopID) away since")
        let active = "presence: device \(laptopID) active since"
        let activeBefore = desktop.lines(containing: active).count

        // Moved away whole, as a restore that puts an old copy in its place does (deleting it whole races with
        // the daemons, which make their own folders in it again at once).
        try FileManager.default.moveItem(atPath: shared.path + "/devices", toPath: shared.path + "/devices.old")
        for id in [laptopID, desktopID] {
            let file = shared.path + "/devices/" + id + "/presence"
            #expect(
                poll(timeoutMilliseconds: 20_000) { FileManager.default.fileExists(atPath: file) },
                "\(file) was not written again")
        }
        try laptopLogind.setIdleHint(false)
        try waitForLine(desktop, active, after: activeBefore)
        // The record still travels: a bout started on the laptop runs on the desktop.
        let walk = try laptop.startWalk()
        #expect(poll(timeoutMilliseconds: 20_000) { (try? desktop.status().activity?.startedAt) == walk.startedAt })
    }
}
