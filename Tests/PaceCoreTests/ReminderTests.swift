import PropertyBased
import Testing

@testable import PaceCore

/// The within-day reminder policy and its hygiene.
@Suite struct ReminderTests {
    /// Calibrated at 60 min of walking a day: budget 48 min, bouts of 16 min; 10:00 CET on the first day after,
    /// checked in (so no morning prompt).
    private func calibrated(_ settings: PaceSettings = PaceSettings()) -> Timeline {
        var timeline = Timeline("2026-11-02T09:00:00Z", settings: settings)
        timeline.calibrate(minutes: 60)
        timeline.run(.checkIn(CheckIn(energy: 5)))
        return timeline
    }

    private func at(_ timeline: Timeline, _ hhmm: String) -> Instant {
        let boundary = timeline.state.settings.dayBoundary
        let start = boundary.start(of: timeline.status.date, utcOffsetSeconds: timeline.utcOffsetSeconds)
        let time = ClockTime(text: hhmm)!
        return boundary.next(time, after: start.adding(seconds: -1), utcOffsetSeconds: timeline.utcOffsetSeconds)
    }

    @Test func remindersAndTheStatusSayTheSameMinutesLeft() {
        #expect(Amount.wholeMinutes(23.999_999_9) == 24)
        #expect(Amount.wholeMinutes(23.99) == 23)
        #expect(Amount.wholeMinutes(-3) == 0)
        #expect(Amount.wholeMinutes(.nan) == 0)
        let timeline = calibrated()
        let today = timeline.state.today(now: timeline.now, utcOffsetSeconds: timeline.utcOffsetSeconds)
        let settings = timeline.state.settings
        // Points a hair under a whole number of minutes: both round to the nearest second first.
        for minutes in [23.0, 23.999_999_9, 24.000_000_1, 5.5] {
            let points = minutes * settings.pointsPerReferenceMinute
            let amount = today.amount(points)
            #expect(
                ReminderText(today: today).minutes(points)
                    == "\(DurationText.describe(seconds: Int64(amount.wholeReferenceMinutes) * 60)) of walking")
        }
    }

    @Test func aBoutBegunWithLittleOrNothingLeftHasAShorterOrNoAllowance() throws {
        // Budget 48 min, bouts of 16 min. Plenty left: the bout's own limit.
        var timeline = calibrated()
        timeline.run(.startActivity(activity: "walk"))
        var bout = try #require(timeline.status.bout)
        #expect(bout.restDueAt == bout.limitAt)
        #expect(bout.restDueAt == at(timeline, "10:16"))
        timeline.run(.stopActivity)
        // 10 min left: the rest is due when they are used, before the bout's limit, when the budget's reminder comes.
        timeline.run(.logActivity(activity: "walk", start: at(timeline, "08:00"), durationSeconds: 38 * 60))
        timeline.run(.startActivity(activity: "walk"))
        bout = try #require(timeline.status.bout)
        #expect(bout.limitAt == at(timeline, "10:16"))
        let due = try #require(bout.restDueAt)
        #expect(abs(due.seconds(since: at(timeline, "10:10"))) <= 1)
        // Then the budget's reminder is due (the 90 % one folded into it), and no bout reminder after it.
        timeline.now = due.adding(seconds: -2)
        #expect(!timeline.reminders.due.contains { $0.kind == .budget100 })
        timeline.now = due
        let used = timeline.showDueReminders()
        #expect(used.map(\.kind) == [.budget100])
        // "Budget used" stays on screen until answered, or until the bout it asked to stop has ended.
        #expect(used.first?.staysUntilAnswered == true)
        timeline.now = at(timeline, "10:20")
        #expect(timeline.showDueReminders().isEmpty)
        #expect(timeline.reminders.stale.isEmpty)
        timeline.run(.stopActivity)
        #expect(timeline.reminders.stale == used.map(\.id))
        // Nothing left: no allowance (and the budget's own reminder says why).
        timeline.run(.logActivity(activity: "walk", start: at(timeline, "07:00"), durationSeconds: 20 * 60))
        timeline.run(.startActivity(activity: "walk"))
        bout = try #require(timeline.status.bout)
        #expect(bout.restDueAt == nil)
        #expect(timeline.reminders.due.isEmpty)
        #expect(timeline.reminders.nextWakeAt.map { $0 > at(timeline, "10:30") } ?? true)
    }

    @Test func aBoutGetsOneStopReminderThenTheBudgetMarksFollowAtTheMinimumGap() {
        var timeline = calibrated()
        timeline.run(.startActivity(activity: "walk"))
        var decision = timeline.reminders
        #expect(decision.due.isEmpty)
        #expect(decision.nextWakeAt == at(timeline, "10:16"))

        timeline.now = decision.nextWakeAt!
        let bout = timeline.showDueReminders()
        #expect(bout.map(\.kind) == [.boutLimit])
        #expect(bout.first?.actions == [.stop, .snooze, .startRest])
        #expect(bout.first?.title == "16 min of walking: time to rest")
        // Ignored: nothing repeats it; the next thing that can happen is the 90 % mark at 43.2 min.
        decision = timeline.reminders
        #expect(decision.due.isEmpty)
        #expect(decision.nextWakeAt == at(timeline, "10:43").adding(seconds: 12))  // 90 %: 43.2 min of 48
        timeline.now = at(timeline, "10:44")
        #expect(timeline.showDueReminders().map(\.kind) == [.budget90])
        timeline.now = at(timeline, "10:50")
        decision = timeline.reminders
        #expect(decision.due.isEmpty)
        #expect(decision.held == .minimumGap)
        #expect(decision.nextWakeAt == at(timeline, "11:04"))
        timeline.now = decision.nextWakeAt!
        let used = timeline.showDueReminders()
        #expect(used.map(\.kind) == [.budget100])
        #expect(used.first?.title == "Today's budget is used")
        // Nothing after 100 %, however long the bout goes on.
        timeline.wait(minutes: 120)
        #expect(timeline.reminders.due.isEmpty)
        #expect(timeline.state.days.last!.remindersShown.count == 3)
        // The budget was ignored; the base is untouched.
        #expect(close(timeline.status.base.points, 86.4))
    }

    @Test func afterASuspendEverythingOverdueComesOutAsOneReminder() {
        var timeline = calibrated()
        timeline.run(.startActivity(activity: "walk"))
        timeline.wait(minutes: 90)  // slept through 10:16, 10:43 and 10:48
        let decision = timeline.reminders
        #expect(decision.due.count == 1)
        let reminder = decision.due[0]
        #expect(reminder.kind == .budget100)
        #expect(Set(reminder.covers.map(\.kind)) == [.boutLimit, .budget90])
        #expect(reminder.dueAt == at(timeline, "10:16"))
        timeline.showDueReminders()
        for _ in 0..<5 {
            timeline.wait(minutes: 25)
            #expect(timeline.showDueReminders().isEmpty)
        }
        // Asking twice (a duplicate resume signal) changes nothing.
        #expect(timeline.reminders == timeline.reminders)
    }

    @Test func quietHoursHoldRemindersUntilTheyEnd() {
        var settings = PaceSettings()
        settings.reminders.quietHours = .init(start: ClockTime(hour: 10), end: ClockTime(hour: 12, minute: 30))
        var timeline = calibrated(settings)
        timeline.now = at(timeline, "10:00")
        timeline.run(.startActivity(activity: "cognitive", intensity: .light))  // 0.3 points a minute
        timeline.now = at(timeline, "11:40")  // the 96-minute bout ended at 11:36
        let decision = timeline.reminders
        #expect(decision.due.isEmpty)
        #expect(decision.held == .quietHours)
        #expect(decision.nextWakeAt == at(timeline, "12:30"))
        timeline.now = at(timeline, "12:30")
        #expect(timeline.showDueReminders().map(\.kind) == [.boutLimit])
    }

    @Test func aSnoozedReminderComesBackOnceWhenTheSnoozeEnds() {
        var timeline = calibrated()
        timeline.run(.startActivity(activity: "walk"))
        timeline.now = at(timeline, "10:16")
        let bout = timeline.showDueReminders()[0]
        timeline.run(.reminderActedOn(bout.id, .snooze))
        #expect(timeline.status.snoozedUntil == at(timeline, "10:21"))
        timeline.now = at(timeline, "10:18")
        #expect(timeline.reminders.held == nil)
        #expect(timeline.reminders.nextWakeAt == at(timeline, "10:21"))
        timeline.now = at(timeline, "10:21")
        #expect(timeline.showDueReminders().map(\.id) == [bout.id])  // back, despite the 20-minute gap
        timeline.now = at(timeline, "10:40")
        #expect(timeline.showDueReminders().isEmpty)  // and not again
    }

    @Test func aGeneralSnoozeHoldsEverything() {
        var timeline = calibrated()
        timeline.run(.startActivity(activity: "walk"))
        timeline.run(.snooze(seconds: 30 * 60))
        timeline.now = at(timeline, "10:20")
        #expect(timeline.reminders.due.isEmpty)
        #expect(timeline.reminders.held == .snoozed)
        timeline.now = at(timeline, "10:30")
        #expect(timeline.showDueReminders().map(\.kind) == [.boutLimit])
    }

    @Test func whileCalibratingOnlyBoutsRestsAndPromptsRemind() {
        var timeline = Timeline("2026-11-02T09:00:00Z")
        timeline.run(.checkIn(CheckIn(energy: 5)))
        timeline.run(.startActivity(activity: "walk"))
        var kinds: [ReminderKind] = []
        for _ in 0..<12 {
            timeline.wait(minutes: 20)
            kinds += timeline.showDueReminders().map(\.kind)
        }
        #expect(kinds == [.boutLimit])
    }

    @Test func theMorningPromptAsksOnceAndGoesStaleAfterACheckIn() {
        var timeline = calibrated()
        timeline.wait(minutes: 19 * 60)  // 05:00 the next day
        timeline.run(.startRest())
        timeline.run(.endRest)  // something happened today, but no check-in yet
        #expect(timeline.reminders.nextWakeAt == at(timeline, "09:00"))
        timeline.now = at(timeline, "09:00")
        let prompt = timeline.showDueReminders()
        #expect(prompt.map(\.kind) == [.morningCheckIn])
        // Its question is answered with buttons: Low · Usual · Good, a check-in of energy 3, 5 or 7.
        #expect(prompt[0].title == "Energy today?")
        #expect(prompt[0].answers.map(\.label) == ["Low", "Usual", "Good"])
        #expect(prompt[0].answers.map(\.checkIn) == [3, 5, 7].map { CheckIn(energy: $0) })
        #expect(prompt[0].typed?.contains("`pace checkin --energy N`") == true)
        #expect(!prompt[0].staysUntilAnswered)
        timeline.wait(minutes: 30)
        #expect(timeline.reminders.due.isEmpty)
        timeline.run(.checkIn(CheckIn(energy: 4)))
        #expect(timeline.reminders.stale == [prompt[0].id])
    }

    /// A morning reading taken before the prompt is shown with it, against the baseline.
    @Test func theMorningPromptShowsTheMorningReading() {
        var timeline = calibrated()
        timeline.wait(minutes: 22 * 60)  // 07:00 the next day
        let values = MorningValues(restingBeatsPerMinute: 58, rmssdMilliseconds: 42, beats: 290)
        timeline.apply([
            Event(
                header: .init(at: timeline.now, utcOffsetSeconds: timeline.utcOffsetSeconds, source: .sensed),
                payload: .morningReading(.init(values)))
        ])
        timeline.now = at(timeline, "09:00")
        let prompt = timeline.showDueReminders()
        #expect(prompt.map(\.kind) == [.morningCheckIn])
        #expect(
            prompt.first?.body.hasSuffix(
                "Skip if you like. Morning reading: resting 58 bpm, RMSSD 42 ms: building your baseline "
                    + "(0 of 3 mornings); baseline since 2026-11-10.") == true, "\(prompt.first?.body ?? "")")
    }

    @Test func theMorningPromptIsSkippedAfterAnEarlyCheckIn() {
        var timeline = calibrated()
        timeline.wait(minutes: 22 * 60 + 30)  // 08:30 the next day
        timeline.run(.checkIn(CheckIn(energy: 5)))
        timeline.now = at(timeline, "09:30")
        #expect(timeline.reminders.due.isEmpty)
    }

    @Test func aStoppedBoutsReminderGoesStale() {
        var timeline = calibrated()
        timeline.run(.startActivity(activity: "walk"))
        timeline.now = at(timeline, "10:16")
        let bout = timeline.showDueReminders()[0]
        // It stays on screen until answered or stale, with at most three buttons.
        #expect(bout.staysUntilAnswered)
        #expect(bout.actions.count + bout.answers.count <= Reminder.maximumButtons)
        #expect(timeline.reminders.stale.isEmpty)
        timeline.run(.stopActivity)
        #expect(timeline.reminders.stale == [bout.id])
    }

    /// An answer belongs to one showing: the snoozed reminder that came back is unanswered again, so its
    /// notification goes stale when the bout stops.
    @Test func aSnoozedReminderThatCameBackGoesStaleWhenTheBoutStops() {
        var timeline = calibrated()
        timeline.run(.startActivity(activity: "walk"))
        timeline.now = at(timeline, "10:16")
        let bout = timeline.showDueReminders()[0]
        timeline.run(.reminderActedOn(bout.id, .snooze))
        #expect(timeline.state.days.last?.remindersAnswered == [bout.id])
        timeline.now = at(timeline, "10:21")
        #expect(timeline.showDueReminders().map(\.id) == [bout.id])
        #expect(timeline.state.days.last?.remindersAnswered == [])
        timeline.run(.stopActivity)
        #expect(timeline.reminders.stale == [bout.id])
    }

    @Test func aRestIsLongEnoughAfterHalfTheBoutOrTheWholeBoutOnAFlareDay() {
        var timeline = calibrated()
        timeline.run(.startActivity(activity: "walk"))
        timeline.now = at(timeline, "10:16")
        timeline.run(.startRest())
        #expect(timeline.status.rest?.minimumSeconds == 600)  // max(10 min, 16 min / 2)
        timeline.now = at(timeline, "10:36")
        #expect(timeline.showDueReminders().map(\.kind) == [.restLongEnough])
        timeline.run(.endRest)
        timeline.run(.startFlare())
        timeline.run(.startRest())
        #expect(timeline.status.rest?.minimumSeconds == 900)  // max(15 min, the 15-minute flare-day bout)
    }

    @Test func remindersLeadWithPointsAndGiveMinutesOfWhatIsRunning() throws {
        // 40 of the 48 minutes walked; then cognitive effort (a lower rate) runs into the 90 % mark.
        var timeline = calibrated()
        timeline.run(.logActivity(activity: "walk", start: at(timeline, "08:00"), durationSeconds: 40 * 60))
        timeline.run(.startActivity(activity: "cognitive"))
        timeline.now = try #require(timeline.reminders.nextWakeAt)
        let reminder = try #require(timeline.showDueReminders().first)
        #expect(reminder.kind == .budget90)
        #expect(reminder.body.hasPrefix("9 of today's 86 points left: about "), "\(reminder.body)")
        #expect(reminder.body.hasSuffix(" more of cognitive effort at this pace."), "\(reminder.body)")
        #expect(!reminder.body.contains("walking"))
        // Nothing running: the budget in minutes of the reference activity, after the points.
        timeline.run(.stopActivity)
        let why = timeline.explanation.sentences.joined(separator: " ")
        #expect(why.contains("86 points (about 48 min of walking)"), "\(why)")
    }

    @Test func withoutReferenceMinutesEverythingIsInPoints() throws {
        var settings = PaceSettings()
        settings.showsReferenceMinutes = false
        var timeline = calibrated(settings)
        timeline.run(.checkIn(CheckIn(energy: 3, flare: true)))
        let notice = try #require(timeline.showDueReminders().first)
        #expect(notice.body.hasPrefix("Today's budget is 43 points instead of 86 points;"), "\(notice.body)")
        let why = timeline.explanation.sentences.joined(separator: " ")
        #expect(!why.contains(" min of "), "\(why)")
        #expect(why.contains("points"))
    }

    @Test func aFlareDayGetsOneNotice() {
        var timeline = calibrated()
        timeline.run(.checkIn(CheckIn(energy: 3, flare: true)))
        let notice = timeline.showDueReminders()
        #expect(notice.map(\.kind) == [.flareNotice])
        #expect(
            notice.first?.body.hasPrefix("Today's budget is 43 points (about 24 min of walking) instead of 86 points")
                == true, "\(notice.first?.body ?? "")")
        timeline.wait(minutes: 180)
        #expect(timeline.showDueReminders().isEmpty)
    }

    @Test func theDailyLimitKeepsRoomForTheBudgetReminders() {
        var settings = PaceSettings()
        settings.reminders.maximumPerDay = 3
        var timeline = calibrated(settings)
        var kinds: [ReminderKind] = []
        for _ in 0..<4 {  // four 17-minute walks with 25-minute rests: 68 min against a budget of 48
            timeline.run(.startActivity(activity: "walk"))
            timeline.wait(minutes: 17)
            kinds += timeline.showDueReminders().map(\.kind)
            timeline.run(.startRest())
            timeline.wait(minutes: 25)
            kinds += timeline.showDueReminders().map(\.kind)
            timeline.run(.endRest)
        }
        // Rests find only the slots kept for 90 % and 100 %; a stop reminder outranks the 90 % warning, so the
        // second bout takes that slot; 100 % then folds in 90 % and the third bout. After 100 %, nothing.
        #expect(kinds == [.boutLimit, .boutLimit, .budget100])
        #expect(timeline.reminders.held == nil)
    }

    @Test func theDaySimulationCountMatchesTheLivePolicy() {
        // A person who does `load` points of walking, stopping at each stop-and-rest reminder and resting 30
        // minutes, gets as many reminders (rest reminders aside) as the simulator counts for that day.
        for load in [10.0, 40, 70, 78, 87, 100, 140] {
            var timeline = calibrated()
            var shown: [Reminder] = []
            /// Moves the clock to `end`, showing reminders as the daemon would; true if a stop reminder came.
            func live(until end: Instant, stopOnBout: Bool) -> Bool {
                while true {
                    let due = timeline.showDueReminders()
                    shown += due
                    if stopOnBout, due.contains(where: { $0.kind == .boutLimit }) { return true }
                    guard let wake = timeline.reminders.nextWakeAt, wake < end else { break }
                    timeline.now = wake
                }
                timeline.now = end
                shown += timeline.showDueReminders()
                return false
            }
            while timeline.status.used.points < load - 1e-6 {
                timeline.run(.startActivity(activity: "walk"))
                let remaining = load - timeline.status.used.points
                _ = live(
                    until: timeline.now.adding(seconds: Int64((remaining / 1.8 * 60).rounded(.up))), stopOnBout: true)
                timeline.run(.startRest())
                _ = live(until: timeline.now.adding(seconds: 1800), stopOnBout: false)
                timeline.run(.endRest)
            }
            _ = live(until: timeline.now.adding(seconds: 3600), stopOnBout: false)
            let budget = timeline.status.budget.points
            let settings = ReminderSettings()
            let expected = ReminderPolicy.requestedCount(
                budget: budget, load: load, flareNotice: false,
                boutPoints: ReminderPolicy.boutPoints(budget: budget, pointsPerMinute: 1.8, settings: settings),
                settings: settings)
            let counted = shown.filter { $0.kind != .restLongEnough }
            #expect(counted.count == expected, "load \(load): \(counted.map(\.kind))")
        }
    }

    @Test func hygieneHoldsWhateverThePersonDoes() async {
        let actions: [Command] = [
            .startActivity(activity: "walk"), .startActivity(activity: "housework", intensity: .vigorous),
            .stopActivity, .startRest(), .endRest, .checkIn(CheckIn(energy: 3)), .startFlare(), .endFlare,
            .logActivity(activity: "walk", start: Instant(millisecondsSinceEpoch: 0), durationSeconds: 1200),
        ]
        let step = zip(Gen<Int>.int(in: 0...(actions.count + 3)), Gen<Int>.int(in: 1...90))
        await propertyCheck(count: 60, input: step.array(of: 5...60)) { steps in
            var timeline = calibrated()
            var shownIDs: [ReminderID] = []
            for (action, minutes) in steps {
                if action < actions.count {
                    var command = actions[action]
                    if case .logActivity(let name, let intensity, _, let duration) = command {
                        command = .logActivity(
                            activity: name, intensity: intensity, start: timeline.now.adding(seconds: -1200),
                            durationSeconds: duration)
                    }
                    _ = timeline.attempt(command)
                }
                // The daemon: show what is due, then sleep until the next wake-up, until the minutes have passed.
                let until = timeline.now.adding(seconds: Int64(minutes) * 60)
                while true {
                    let decision = timeline.reminders
                    #expect(decision.due.count <= 1)
                    #expect(decision.nextWakeAt.map { $0 > timeline.now } ?? false)
                    for reminder in decision.due {
                        #expect(!shownIDs.contains(reminder.id), "\(reminder.id) shown twice")
                        shownIDs.append(reminder.id)
                        timeline.run(.reminderShown(reminder.id, covers: reminder.covers))
                    }
                    guard let wake = decision.nextWakeAt, wake <= until else { break }
                    timeline.now = wake
                }
                timeline.now = until
            }
            for day in timeline.state.days {
                #expect(day.remindersShown.count <= 6)
                let times = day.remindersShown.map(\.at)
                for (earlier, later) in zip(times, times.dropFirst()) {
                    #expect(later.seconds(since: earlier) >= 20 * 60)
                }
            }
        }
    }
}
