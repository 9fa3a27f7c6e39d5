import Foundation
import Glibc
import PaceCore
import PaceProtocol
import PaceTestSupport
import Testing

@testable import pace

/// A daemon for one test and `pace` against it, decoding `--json` replies.
private struct Session {
    let daemon: DaemonProcess

    /// A running daemon; with `hour`, its clock reads `hour`:00 UTC today when it starts (see ``DaemonProcess``).
    init(clockAtUTCHour hour: Int? = nil, extraEnvironment: [String: String?] = [:]) throws {
        daemon = try DaemonProcess(clockAtUTCHour: hour, extraEnvironment: extraEnvironment)
        try daemon.start()
    }

    /// Runs `pace arguments…` and expects `status`.
    @discardableResult
    func run(_ arguments: [String], status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Executables.Result
    {
        let result = try Executables.run("pace", arguments, environment: daemon.environment)
        #expect(
            result.status == status, "pace \(arguments.joined(separator: " ")): \(result.standardError)",
            sourceLocation: sourceLocation)
        return result
    }

    /// Runs `pace arguments… --json` and decodes the reply.
    func json<Reply: Decodable>(
        _ type: Reply.Type,
        _ arguments: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Reply {
        let result = try run(arguments + ["--json"], sourceLocation: sourceLocation)
        return try JSONDecoder().decode(type, from: Data(result.standardOutput.utf8))
    }

    func status() throws -> PaceAPI.Status {
        try json(PaceAPI.GetStatus.Reply.self, ["status"]).status
    }

    func kinds() throws -> [PaceAPI.ActivityKind] {
        try json(PaceAPI.ListActivityKinds.Reply.self, ["kinds"]).kinds
    }

    func explanation() throws -> PaceAPI.Explanation {
        try json(PaceAPI.ExplainBudget.Reply.self, ["why"]).explanation
    }

    /// Today's pacing day, as the daemon sees it.
    func today() throws -> CivilDate {
        try #require(CivilDate(iso8601: try status().pacingDay))
    }

    /// Records `minutes` of walking at 10:00 (UTC, as the tests run) on the day `daysAgo` days before today.
    func backfill(daysAgo: Int, minutes: Int = 30, today: CivilDate) throws {
        try run(["log", "walk", "\(minutes)m", "--at", "\(today.adding(days: -daysAgo).iso8601) 10:00"])
    }

    /// A kind other than the reference activity, measured in METs, for tests that name one.
    func otherKind(than reference: String) throws -> PaceAPI.ActivityKind {
        let kinds = try kinds()
        return try #require(kinds.first { $0.name != reference && $0.met != nil })
    }

    func stop() {
        daemon.stop()
    }
}

private func instant(_ text: String?) -> Instant? {
    text.flatMap { Instant(rfc3339: $0) }
}

private func isOneLine(_ text: String) -> Bool {
    text.hasSuffix("\n") && !text.dropLast().contains("\n")
}

/// Every command against a real `paced` (PaceCore and the event log behind `io.pace.Daemon`), human output and
/// `--json`, refusals and their exit statuses. The machine's clock is not pinned: times are checked against the
/// daemon's own `now` before and after a command, never against a fixed tolerance, so a loaded machine cannot
/// fail them.
@Suite struct CLIDomainTests {
    @Test func startAndStopAnActivity() throws {
        let session = try Session()
        defer { session.stop() }
        let reference = try session.status()
        let kinds = try session.kinds()
        let label = try #require(kinds.first { $0.name == reference.referenceActivity }).label

        // Without a kind: the reference activity, moderate (IDL: StartActivity's defaults).
        let started = try session.json(PaceAPI.ActivityReply.self, ["start"])
        #expect(started.activity.kind == reference.referenceActivity)
        #expect(started.activity.label == label)
        #expect(started.activity.intensity == .moderate)
        #expect(started.activity.endedAt == nil)
        #expect(try #require(instant(started.activity.limitAt)) > #require(instant(started.activity.startedAt)))
        #expect(started.status.activity?.kind == reference.referenceActivity)
        #expect(try session.status().activity?.startedAt == started.activity.startedAt)
        #expect(try session.run(["status"]).standardOutput.contains(" · rest due in "))

        let again = try session.run(["start"], status: 65)
        #expect(isOneLine(again.standardError))
        #expect(again.standardError.hasPrefix("pace: \(reference.referenceActivity) is already running since "))
        #expect(again.standardError.contains("`pace stop`"))

        let stopped = try session.json(PaceAPI.ActivityReply.self, ["stop"])
        #expect(stopped.activity.kind == reference.referenceActivity)
        #expect(stopped.activity.endedAt != nil)
        #expect(stopped.activity.limitAt == nil)
        #expect(stopped.status.activity == nil)

        let nothing = try session.run(["stop"], status: 65)
        #expect(isOneLine(nothing.standardError))
        #expect(nothing.standardError.hasPrefix("pace: nothing is running"))

        // Human output: the sentence, then the status line, both in words (the label, not the name).
        let other = try session.otherKind(than: reference.referenceActivity)
        let human = try session.run(["start", other.name, "--intensity", "light"])
        let lines = human.standardOutput.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("Started \(other.label) (light) at "))
        #expect(lines[1].contains(" · \(other.label)"))
        let humanStop = try session.run(["stop"])
        #expect(humanStop.standardOutput.hasPrefix("Stopped \(other.label) after "))
    }

    @Test func startAndStopAtEarlierTimes() throws {
        let session = try Session()
        defer { session.stop() }
        let before = try #require(instant(try session.status().now))
        let started = try session.json(PaceAPI.ActivityReply.self, ["start", "--at", "10m ago"])
        let after = try #require(instant(started.status.now))
        // "10m ago" is read by pace at some moment between the two readings of the daemon's clock (to the second).
        let startedAt = try #require(instant(started.activity.startedAt))
        #expect(startedAt >= before.adding(seconds: -601) && startedAt <= after.adding(seconds: -599))
        #expect(started.activity.durationSeconds >= 599)

        let beforeStop = try #require(instant(try session.status().now))
        let stopped = try session.json(PaceAPI.ActivityReply.self, ["stop", "--at", "5m ago"])
        let endedAt = try #require(instant(stopped.activity.endedAt))
        #expect(
            endedAt >= beforeStop.adding(seconds: -301) && endedAt <= instant(stopped.status.now)!.adding(seconds: -299)
        )
        #expect(stopped.activity.durationSeconds == Int(endedAt.seconds(since: startedAt)))

        // A time before the last thing recorded is accepted and folded where its time falls (the record contract):
        // a start two minutes ago after a check-in made now is running since then.
        try session.run(["checkin", "--energy", "5"])
        let beforeLate = try #require(instant(try session.status().now))
        let late = try session.json(PaceAPI.ActivityReply.self, ["start", "--at", "2m ago"])
        let lateAt = try #require(instant(late.activity.startedAt))
        #expect(lateAt >= beforeLate.adding(seconds: -121) && lateAt <= instant(late.status.now)!.adding(seconds: -119))
        #expect(try session.status().activity?.startedAt == late.activity.startedAt)
        let future = try session.run(["start", "--at", "in 1h"], status: 65)
        #expect(future.standardError == "pace: --at: that time is in the future.\n")
    }

    @Test func aKindCanBeTypedByTheStartOfItsNameOrAnAlias() throws {
        let session = try Session()
        defer { session.stop() }
        let kinds = try session.kinds()
        var tried = 0
        for typed in ["cyc", "swim", "walking", "Yoga"] {
            guard let expected = KindMatching.unique(typed, in: kinds) else { continue }
            tried += 1
            let logged = try session.json(PaceAPI.ActivityReply.self, ["log", typed, "5m", "--yes"])
            #expect(logged.activity.kind == expected, "\(typed)")
        }
        #expect(tried > 0)
        let ambiguous = try session.run(["start", "s"], status: 65)
        #expect(ambiguous.standardError == "pace: there is no activity kind called \"s\"; `pace kinds` lists them.\n")
    }

    /// A misspelt kind is not guessed at (starting the wrong activity is worse than typing again): the refusal
    /// names the nearest kind, name or alias.
    @Test func aMisspeltKindGetsTheNearestOne() throws {
        let session = try Session()
        defer { session.stop() }
        let kinds = try session.kinds()
        #expect(kinds.contains { $0.name == "walk" && $0.aliases.contains("walking") })
        for (arguments, typed, meant) in [
            (["start", "walkk"], "walkk", "walk"), (["log", "wlaking", "20m"], "wlaking", "walking"),
        ] {
            let result = try session.run(arguments, status: 65)
            #expect(
                result.standardError
                    == "pace: there is no activity kind called \"\(typed)\"; did you mean \(meant)? `pace kinds` lists them.\n"
            )
        }
        #expect(try session.status().activity == nil)
    }

    /// The forms people type for times and lengths, and values that begin with a dash.
    @Test func timesAndLengthsAsPeopleTypeThem() throws {
        let session = try Session()
        defer { session.stop() }
        for (length, at, seconds) in [
            ("1h30", "yesterday 1am", 5400), ("90 minutes", "yesterday at 3am", 5400), ("1.5h", "yesterday 5am", 5400),
            ("45 min", "yesterday 07:00", 2700),
        ] {
            let logged = try session.json(PaceAPI.ActivityReply.self, ["log", "walk", length, "--at", at, "--yes"])
            #expect(logged.activity.durationSeconds == seconds, "\(length)")
        }
        // The same without quotes, as typed in a shell.
        let unquoted = try session.json(
            PaceAPI.ActivityReply.self, ["log", "walk", "2", "hours", "--at", "yesterday", "at", "9am", "--yes"])
        #expect(unquoted.activity.durationSeconds == 7200)
        #expect(try #require(instant(unquoted.activity.startedAt)).secondsSinceEpoch % 86_400 == 9 * 3600)
        let started = try session.json(PaceAPI.ActivityReply.self, ["start", "walk", "--at", "-10m"])
        let now = try #require(instant(started.status.now))
        let startedAt = try #require(instant(started.activity.startedAt))
        #expect(startedAt >= now.adding(seconds: -601) && startedAt <= now.adding(seconds: -599))
        let stopped = try session.json(PaceAPI.ActivityReply.self, ["stop", "--at", "-5m"])
        #expect(abs(stopped.activity.durationSeconds - 300) <= 2)
    }

    @Test func unknownKindIsBadDataWithWhereToLook() throws {
        let session = try Session()
        defer { session.stop() }
        let result = try session.run(["start", "no-such-kind"], status: 65)
        #expect(
            result.standardError
                == "pace: there is no activity kind called \"no-such-kind\"; `pace kinds` lists them.\n")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func backfillCountsItsPointsAsTheKindSays() throws {
        let session = try Session()
        defer { session.stop() }
        let before = try session.status()
        let kind = try session.otherKind(than: before.referenceActivity)
        let logged = try session.json(PaceAPI.ActivityReply.self, ["log", kind.name, "30m", "--at", "40m ago"])
        let now = try #require(instant(logged.status.now))
        #expect(logged.activity.kind == kind.name)
        #expect(logged.activity.label == kind.label)
        #expect(logged.activity.durationSeconds == 1800)
        #expect(logged.activity.intensity == .moderate)
        #expect(abs(logged.activity.points - 30 * kind.pointsPerMinuteModerate) <= 0.01)
        let start = try #require(instant(logged.activity.startedAt))
        #expect(start >= (instant(before.now)!).adding(seconds: -2401) && start <= now.adding(seconds: -2399))
        #expect(instant(logged.activity.endedAt) == start.adding(seconds: 1800))
        // Inside today's pacing day (the tests run with TZ=UTC), the points count towards today.
        let today = try #require(CivilDate(iso8601: before.pacingDay))
        let dayStart = Instant(secondsSinceEpoch: today.daysSinceEpoch * 86_400 + Int64(before.dayStartHour) * 3600)
        if logged.status.pacingDay == before.pacingDay && start >= dayStart {
            #expect(abs(logged.status.used - before.used - logged.activity.points) <= 0.02)
        }
        let human = try session.run(["log", kind.name, "15m", "--intensity", "vigorous", "--yes"])
        #expect(human.standardOutput.hasPrefix("Logged \(kind.label) (vigorous), 15 min from "))

        // Something logged into the running bout's time is refused: stop it first.
        let running = try session.json(PaceAPI.ActivityReply.self, ["start"])
        let overlap = try session.run(["log", "yoga", "30s", "--at", running.activity.startedAt], status: 65)
        #expect(overlap.standardError.hasPrefix("pace: that time overlaps the "))
    }

    @Test func restHoldsAndEnds() throws {
        let session = try Session()
        defer { session.stop() }
        try session.run(["start"])
        // A running activity is stopped first (IDL: StartRest).
        let rest = try session.json(PaceAPI.StartRest.Reply.self, ["rest", "15m"])
        #expect(rest.rest.plannedSeconds == 900)
        #expect(rest.status.rest != nil)
        #expect(rest.status.activity == nil)
        let twice = try session.run(["rest"], status: 65)
        #expect(twice.standardError == "pace: you are already resting; `pace rest --end` ends the rest.\n")
        let ended = try session.json(PaceAPI.StatusReply.self, ["rest", "--end"])
        #expect(ended.status.rest == nil)
        let again = try session.run(["rest", "--end"], status: 65)
        #expect(again.standardError == "pace: you are not resting right now; `pace rest` starts a rest.\n")
        let human = try session.run(["rest"])
        #expect(human.standardOutput.hasPrefix("Resting. Reminders hold while you rest"))
        #expect(human.standardOutput.split(separator: "\n")[1].contains(" · resting"))
        let tooShort = try session.run(["rest", "--end"])
        #expect(tooShort.standardOutput.hasPrefix("Rest ended."))
        #expect(try session.run(["rest", "30s"], status: 65).standardError.hasPrefix("pace: rest: "))
    }

    @Test func checkInShowsInTodaysHistory() throws {
        let session = try Session()
        defer { session.stop() }
        let reply = try session.json(
            PaceAPI.StatusReply.self, ["checkin", "--energy", "4", "--pain", "6", "--note", "slow day, \"ok\""])
        try session.run(["checkin", "--pain", "5", "--note", "better"])
        let history = try session.json(PaceAPI.GetHistory.Reply.self, ["history", "--days", "1"])
        #expect(history.days.map(\.date) == [reply.status.pacingDay])
        let day = try #require(history.days.first)
        #expect(day.checkIns.count == 2)
        #expect(day.checkIns.first?.note == "slow day, \"ok\"")
        let checkIn = try #require(day.checkIn)
        #expect(checkIn.energy == 4)
        #expect(checkIn.pain == 5)
        let human = try session.run(["history", "--days", "1"])
        let lines = human.standardOutput.split(separator: "\n")
        #expect(lines[0].hasSuffix("energy  pain"))
        #expect(lines[1].hasSuffix("4     5"))
        #expect(try session.run(["checkin", "--sleep", "7"]).standardOutput.hasPrefix("Check-in recorded: sleep 7."))
        // "No flare" and "that was all of today" go over the wire and into the log.
        let said = try session.run(["checkin", "--no-flare", "--complete"])
        #expect(said.standardOutput.hasPrefix("Check-in recorded: no flare, today is all recorded."))
        let last = try session.json(PaceAPI.GetHistory.Reply.self, ["history", "--days", "1"]).days.first?.checkIns.last
        #expect(last?.flare == false)
        #expect(last?.complete == true)
        #expect(try session.run(["log", "dump"]).standardOutput.contains(#""complete":true"#))
    }

    @Test func interactiveCheckInAsksForEnergyFirstInTheMorning() throws {
        // 09:00 UTC (the tests run with TZ=UTC): morning, after the day starts at 04:00.
        let session = try Session(clockAtUTCHour: 9)
        defer { session.stop() }
        let terminal = try PseudoTerminal(
            Executables.path("pace"), ["checkin"], environment: session.daemon.environment)
        #expect(terminal.waitFor("Check-in: Enter skips a question, q stops."))
        #expect(terminal.waitFor("): "))
        terminal.type("4\n")
        terminal.type("q\n")
        #expect(terminal.wait() == .exited(0))
        #expect(terminal.output.contains("Energy today"))
        let day = try #require(try session.json(PaceAPI.GetHistory.Reply.self, ["history", "--days", "1"]).days.first)
        #expect(day.checkIn?.energy == 4)
        #expect(day.checkIn?.fatigue == nil)
    }

    @Test func interactiveCheckInAsksWhatABadDayAllowsInTheFirstDays() throws {
        let session = try Session()
        defer { session.stop() }
        #expect(try session.explanation().provisionalSource == "builtIn")
        let terminal = try PseudoTerminal(
            Executables.path("pace"), ["checkin"], environment: session.daemon.environment)
        #expect(terminal.waitFor("q stops."))
        // Skip every rating (morning and evening ask a different number of them) until the bad-day question.
        var skipped = 0
        while skipped < 6 {
            // Every prompt ends in ": ", and so does the line before the first ("Check-in: …").
            let asked = waitUntil(timeoutMilliseconds: 15_000) {
                terminal.output.contains("does a bad day allow?")
                    || terminal.output.components(separatedBy: ": ").count - 2 > skipped
            }
            #expect(asked)
            if !asked || terminal.output.contains("does a bad day allow?") { break }
            terminal.type("\n")
            skipped += 1
        }
        #expect(terminal.output.contains("First days: what does a bad day allow? Minutes of walking: "))
        terminal.type("20\n")
        #expect(terminal.wait() == .exited(0))
        #expect(terminal.output.contains("Noted: a bad day allows about 20 min of walking."))
        #expect(!terminal.output.contains("Check-in recorded"))
        #expect(try session.explanation().provisionalSource == "badDayAnswer")
        // Once answered, the question is not asked again.
        let again = try PseudoTerminal(Executables.path("pace"), ["checkin"], environment: session.daemon.environment)
        #expect(again.waitFor("): "))
        again.type("q\n")
        #expect(again.wait() == .exited(0))
        #expect(!again.output.contains("bad day"))
    }

    @Test func calibrateSetsTheFirstDaysBudgetAndAnIncreaseWaits() throws {
        let session = try Session()
        defer { session.stop() }
        let kinds = try session.kinds()
        let reference = try session.status()
        let perMinute = try #require(kinds.first { $0.name == reference.referenceActivity }).pointsPerMinuteModerate
        let answered = try session.json(PaceAPI.StatusReply.self, ["calibrate", "20"])
        #expect(answered.status.mode == .calibrating)
        #expect(abs(answered.status.budget - 20 * perMinute) <= 0.02)
        #expect(try session.explanation().provisionalSource == "badDayAnswer")
        let human = try session.run(["calibrate", "25m"])
        #expect(human.standardOutput.hasPrefix("Noted: a bad day allows about 25 min of \(reference.referenceLabel)."))
        #expect(try session.run(["why"]).standardOutput.hasPrefix("Today's budget: "))

        // No trial increase while Pace is still learning: the daemon's reason, in one line.
        #expect(try session.explanation().trialIncreaseAvailable == false)
        let early = try session.run(["increase"], status: 65)
        #expect(isOneLine(early.standardError))
        #expect(early.standardError.hasPrefix("pace: your budget is still being calibrated"))
    }

    @Test func afterTheFirstWeekTheBaseIsLearntButATrialIncreaseWaitsForEvidence() throws {
        let session = try Session()
        defer { session.stop() }
        let today = try session.today()
        // Seven days that look complete (backfilled, an hour or more each) end the calibration week.
        for daysAgo in 1...7 { try session.backfill(daysAgo: daysAgo, minutes: 60 + 5 * daysAgo, today: today) }
        let status = try session.status()
        #expect(status.mode == .normal)
        #expect(!status.provisional)
        #expect(try session.run(["status"]).standardOutput.contains("provisional") == false)

        let late = try session.run(["calibrate", "20"], status: 65)
        #expect(late.standardError.hasPrefix("pace: calibration has ended"))

        let explanation = try session.explanation()
        #expect(explanation.lastBaseChange?.reason == "calibrated")
        // No flare-free days after calibration and no check-ins yet: no trial, in `pace why` and in the rule.
        #expect(explanation.trialIncreaseAvailable == false)
        #expect(explanation.growth?.flareFreeDays == 0)
        let early = try session.run(["increase"], status: 65)
        #expect(isOneLine(early.standardError))
        #expect(early.standardError.hasPrefix("pace: a trial increase needs what growth needs"))
        #expect(early.standardError.contains("(now 0)"))

        // The history shows the week, each day with its budget.
        let history = try session.json(PaceAPI.GetHistory.Reply.self, ["history", "--days", "8"])
        #expect(history.days.map(\.date) == (0...7).map { today.adding(days: $0 - 7).iso8601 })
        #expect(history.days.dropLast().allSatisfy { $0.recorded && $0.activeMinutes > 0 })
    }

    @Test func aShortBackfilledWalkDoesNotCountTowardsCalibration() throws {
        let session = try Session()
        defer { session.stop() }
        let today = try session.today()
        try session.backfill(daysAgo: 2, minutes: 60, today: today)
        let before = try session.explanation()
        #expect(before.calibrationDaysRecorded == 1)
        try session.backfill(daysAgo: 1, minutes: 30, today: today)
        let after = try session.explanation()
        #expect(after.calibrationDaysRecorded == 1)
        #expect(abs(after.budget - before.budget) <= 0.01)
        #expect(after.provisionalSource == before.provisionalSource)
    }

    @Test func afterSeventeenDaysWithCheckInsATrialIncreaseCanBeAsked() throws {
        // 20:00: no check-in prompt is due, so nothing is recorded before the import.
        let session = try Session(clockAtUTCHour: 20)
        defer { session.stop() }
        let today = try session.today()
        let reference = try session.status().referenceActivity
        let kinds = try session.kinds()
        let perMinute = try #require(kinds.first { $0.name == reference }).pointsPerMinuteModerate
        // A calibration week, then 17 days with a "no flare" check-in and a short walk each, imported at once.
        var lines: [String] = []
        for daysAgo in stride(from: 24, through: 1, by: -1) {
            let day = today.adding(days: -daysAgo).daysSinceEpoch * 86_400_000
            let at = day + 10 * 3_600_000
            let minutes = daysAgo > 17 ? 60 : 20
            let flare = daysAgo > 17 ? "" : #","flare":false"#
            lines.append(#"{"type":"checkIn","at":\#(at),"utcOffsetSeconds":0,"energy":5\#(flare)}"#)
            lines.append(
                #"{"type":"activityLogged","at":\#(at + 1000),"utcOffsetSeconds":0,"activity":"\#(reference)","#
                    + #""intensity":"moderate","pointsPerMinute":\#(perMinute),"start":\#(at - 3_600_000 * 2),"#
                    + #""durationSeconds":\#(minutes * 60)}"#)
        }
        let file = session.daemon.root.appending("days.jsonl")
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        try session.run(["import", file])

        let explanation = try session.explanation()
        #expect(explanation.growth?.flareFreeDays == 17)
        #expect(explanation.growth?.checkIns == 17)
        #expect(explanation.trialIncreaseAvailable)
        #expect(try session.run(["why"]).standardOutput.contains("`pace increase`"))
        let status = try session.status()
        let increased = try session.json(PaceAPI.StatusReply.self, ["increase"])
        #expect(abs(increased.status.base - status.base * 1.05) <= 0.02)
        let again = try session.run(["increase"], status: 65)
        #expect(isOneLine(again.standardError))
        #expect(again.standardError.hasPrefix("pace: your base rose within the last week"))
        #expect(try session.explanation().trialIncreaseAvailable == false)
    }

    @Test func aReminderIsAnsweredAsItsButtonsWould() throws {
        // 16:00 by the daemon's clock, after the morning check-in prompt: no reminder waits at first.
        let session = try Session(clockAtUTCHour: 16)
        defer { session.stop() }
        let none = try session.run(["answer", "stop"], status: 65)
        #expect(none.standardError.hasPrefix("pace: no reminder is waiting for an answer"))
        let unknown = try session.run(["answer", "rest", "bout:1"], status: 65)
        #expect(
            unknown.standardError
                == "pace: no reminder bout:1 was shown today or yesterday; `pace answer ACTION` answers the latest one.\n"
        )

        // paced shows reminders once its desktop side runs; here one is recorded as shown through an import.
        let started = try session.json(PaceAPI.ActivityReply.self, ["start"])
        let start = try #require(instant(started.activity.startedAt))
        let now = try #require(instant(try session.status().now))
        let id = "bout:\(start.millisecondsSinceEpoch)"
        // Times on the wire are whole seconds; a second later is surely after the start the log holds.
        let at = max(start, now).adding(seconds: 1).millisecondsSinceEpoch
        let shown = session.daemon.root.appending("shown.jsonl")
        try #"{"type":"reminderShown","at":\#(at),"utcOffsetSeconds":0,"reminder":"\#(id)"}"#
            .write(toFile: shown, atomically: true, encoding: .utf8)
        #expect(try session.json(PaceAPI.ImportEvents.Reply.self, ["import", shown]).imported == 1)

        let answered = try session.run(["answer", "stop"])
        #expect(answered.standardOutput.hasPrefix("Reminder answered: stopped.\n"))
        #expect(try session.status().activity == nil)
        let events = try session.run(["log", "dump"]).standardOutput
        #expect(events.contains(#""action":"stop""#))
        #expect(events.contains(#""reminder":"\#(id)""#))
        // Answered: nothing waits any more, but it can still be answered by its id (a snooze this time).
        try session.run(["answer", "stop"], status: 65)
        let snoozed = try session.json(PaceAPI.StatusReply.self, ["answer", "snooze", id])
        #expect(instant(snoozed.status.snoozedUntil).map { $0 > now } == true)
    }

    @Test func flareModeHalvesTheBudgetUntilLifted() throws {
        let session = try Session()
        defer { session.stop() }
        let before = try session.status()
        let on = try session.json(PaceAPI.StatusReply.self, ["flare", "on", "--until", "in 2h"])
        #expect(on.status.mode == .flare)
        let until = try #require(instant(on.status.flareUntil))
        let now = try #require(instant(on.status.now))
        #expect(until > now.adding(seconds: 7100) && until <= now.adding(seconds: 7260))
        #expect(on.status.budget <= before.budget / 2 + 0.01)
        #expect(try session.json(PaceAPI.GetHistory.Reply.self, ["history", "--days", "1"]).days.first?.flare == true)
        let human = try session.run(["status"])
        #expect(human.standardOutput.contains("flare day until "))
        let off = try session.json(PaceAPI.StatusReply.self, ["flare", "off"])
        #expect(off.status.mode != .flare)
        #expect(off.status.flareUntil == nil)
        let offAgain = try session.run(["flare", "off"], status: 65)
        #expect(offAgain.standardError == "pace: flare mode is not on; `pace flare` turns it on.\n")
        #expect(try session.run(["flare"]).standardOutput.hasPrefix("Flare mode on"))
    }

    @Test func snoozeHoldsRemindersForAsLongAsAsked() throws {
        let session = try Session()
        defer { session.stop() }
        let before = try #require(instant(try session.status().now))
        let snoozed = try session.json(PaceAPI.StatusReply.self, ["snooze", "10m"])
        let until = try #require(instant(snoozed.status.snoozedUntil))
        #expect(until >= before.adding(seconds: 599) && until <= instant(snoozed.status.now)!.adding(seconds: 601))
        let human = try session.run(["status"])
        #expect(human.standardOutput.contains("reminders snoozed until "))
        let configured = try session.json(PaceAPI.StatusReply.self, ["snooze"])
        #expect(try #require(instant(configured.status.snoozedUntil)) > before)
        #expect(try session.run(["snooze", "1h"]).standardOutput.hasPrefix("Reminders held until "))
    }

    @Test func historyHasTheDaysAskedForFromTheFirstRecordedOn() throws {
        let session = try Session()
        defer { session.stop() }
        let today = try session.today()
        try session.backfill(daysAgo: 12, today: today)
        let week = try session.json(PaceAPI.GetHistory.Reply.self, ["history", "--days", "7"])
        #expect(week.days.map(\.date) == (0..<7).map { today.adding(days: $0 - 6).iso8601 })
        #expect(week.days.last?.today == true)
        #expect(week.days.dropLast().allSatisfy { !$0.recorded })
        let range = try session.json(
            PaceAPI.GetHistory.Reply.self,
            ["history", "--from", today.adding(days: -11).iso8601, "--to", today.adding(days: -8).iso8601])
        #expect(range.days.map(\.date) == (0...3).map { today.adding(days: -11 + $0).iso8601 })
        // Days before Pace recorded anything are not part of its history (paced leaves them out).
        let before = try session.json(
            PaceAPI.GetHistory.Reply.self,
            ["history", "--from", today.adding(days: -20).iso8601, "--to", today.adding(days: -10).iso8601])
        #expect(before.days.map(\.date) == (0...2).map { today.adding(days: -12 + $0).iso8601 })
        #expect(before.days.first?.recorded == true)

        let human = try session.run(["history", "--days", "14"])
        for offset in 0...12 {
            #expect(human.standardOutput.contains("\n\(ClockText.shortDate(today.adding(days: -offset))) "))
        }
        #expect(human.standardOutput.contains("  week of "))
        #expect(human.standardOutput.contains(" no record"))
    }

    @Test func whyExplainsTodaysBudget() throws {
        let session = try Session()
        defer { session.stop() }
        let status = try session.status()
        let explanation = try session.explanation()
        #expect(abs(explanation.budget - status.budget) <= 0.01)
        #expect(abs(explanation.base - status.base) <= 0.01)
        #expect(explanation.provisional == status.provisional)
        #expect(!explanation.sentences.isEmpty)
        let human = try session.run(["why"])
        #expect(human.standardOutput.hasPrefix("Today's budget: \(NumberText.whole(explanation.budget)) points"))
        let firstWords = explanation.sentences[0].split(separator: " ").prefix(3).joined(separator: " ")
        #expect(human.standardOutput.contains(firstWords))
        #expect(human.standardOutput.contains("`pace calibrate MINUTES`"))
    }

    @Test func kindsListsTheReferenceActivity() throws {
        let session = try Session()
        defer { session.stop() }
        let reference = try session.status().referenceActivity
        let kinds = try session.kinds()
        #expect(kinds.contains { $0.name == reference })
        let human = try session.run(["kinds"])
        for kind in kinds { #expect(human.standardOutput.contains("\n\(kind.name) ")) }
    }

    @Test func reportRendersWithTheDaysAskedFor() throws {
        let session = try Session()
        defer { session.stop() }
        let today = try session.today()
        try session.backfill(daysAgo: 12, today: today)
        try session.run(["log", try session.status().referenceActivity, "20m"])
        try session.run(["checkin", "--energy", "5", "--pain", "3"])
        let svg = session.daemon.root.appending("report.svg")
        let written = try session.run(["report", "--svg", svg, "--days", "10", "--json"])
        let summary = try JSONSerialization.jsonObject(with: Data(written.standardOutput.utf8)) as? [String: Any]
        #expect(summary?["days"] as? Int == 10)
        #expect(summary?["format"] as? String == "svg")
        #expect(summary?["from"] as? String == today.adding(days: -9).iso8601)
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        for offset in 0..<10 { #expect(text.contains("data-date=\"\(today.adding(days: -offset).iso8601)\"")) }
        #expect(!text.contains("data-date=\"\(today.adding(days: -10).iso8601)\""))
        let png = session.daemon.root.appending("report.png")
        let converted = try Executables.run(
            "/usr/bin/rsvg-convert", [svg, "-o", png], environment: session.daemon.environment)
        #expect(converted.status == 0, "\(converted.standardError)")
        let bytes = try Data(contentsOf: URL(filePath: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))

        // Four weeks asked for, thirteen days known: the page says which.
        let html = session.daemon.root.appending("report.html")
        let page = try session.run(["report", "--html", html])
        #expect(
            page.standardOutput
                == "Wrote \(html): 13 days, \(today.adding(days: -12).iso8601) to \(today.iso8601).\n")
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("<td>\(today.iso8601)</td>"))
    }

    /// Exports and reports are health data: under the usual umask (022), which made them readable by every user
    /// before, they are written for their owner alone (0600), a file they replace included, unless `--mode` asks.
    @Test func exportsAndReportsAreWrittenForTheirOwnerAlone() throws {
        let session = try Session()
        defer { session.stop() }
        try session.run(["log", "walk", "25m", "--at", "1h ago"])
        try session.run(["checkin", "--energy", "4"])
        /// Runs `pace arguments…` under umask 022 and gives the mode of `file` after it.
        func mode(of file: String, after arguments: [String]) throws -> Int {
            let path = session.daemon.root.appending(file)
            let result = try Executables.run(
                "/bin/sh", ["-c", "umask 022 && exec \"$0\" \"$@\"", Executables.path("pace")] + arguments + [path],
                environment: session.daemon.environment)
            #expect(result.status == 0, "pace \(arguments.joined(separator: " ")): \(result.standardError)")
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return try #require(attributes[.posixPermissions] as? Int)
        }
        let written = [
            ("events.csv", ["export", "--format", "csv", "--output"]),
            ("days.csv", ["export", "--table", "days", "--output"]),
            ("pace.json", ["export", "--format", "json", "--output"]),
            ("report.html", ["report", "--html"]), ("report.svg", ["report", "--svg"]),
        ]
        for (file, arguments) in written {
            #expect(try mode(of: file, after: arguments) == 0o600, "\(file)")
            // Asked for, another mode, whatever the umask; and a file written again goes back to 0600.
            let asked = [arguments[0], "--mode", "0664"] + arguments.dropFirst()
            #expect(try mode(of: file, after: asked) == 0o664, "\(file)")
            #expect(try mode(of: file, after: arguments) == 0o600, "\(file)")
        }
        try session.run(["export", "--mode", "0644"], status: 64)
        try session.run(["export", "--mode", "4755", "--output", session.daemon.root.appending("x.csv")], status: 64)
        try session.run(["report", "--html", "-", "--mode", "0644"], status: 64)
    }

    @Test func exportedEventsMoveToAnotherMachine() throws {
        let first = try Session()
        defer { first.stop() }
        let reference = try first.status().referenceActivity
        try first.run(["log", reference, "25m", "--at", "1h ago"])
        try first.run(["start"])
        try first.run(["stop"])
        try first.run(["checkin", "--energy", "3", "--note", "a, \"quoted\"\nnote"])
        try first.run(["flare", "on"])

        // log dump: the events as GetEvents returns them, one per line.
        let dump = try first.run(["log", "dump"])
        let lines = dump.standardOutput.split(separator: "\n")
        let direct = try PaceClient(socketPath: first.daemon.socketPath).call(PaceAPI.GetEvents.self, .init()).events
        // The five answers, and whatever reminders the daemon recorded meanwhile (flare mode brings a notice).
        let types = direct.compactMap { event -> String? in
            guard case .object(let fields) = event, case .string(let type) = fields["type"] else { return nil }
            return type
        }
        #expect(types.filter { $0 != "reminderShown" }.count == 5, "\(types)")
        #expect(lines.count == direct.count)
        #expect(try lines.map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) } == direct)

        // JSON export: every event and a day per pacing day up to today.
        let document = try first.json(ExportDocument.self, ["export", "--format", "json"])
        #expect(document.events == direct)
        #expect(document.days.last?.date == (try first.status().pacingDay))
        #expect(!document.days.isEmpty)

        // CSV export: a header and a row per event; it opens as a table, with the local time readable.
        let csvFile = first.daemon.root.appending("events.csv")
        let written = try first.run(["export", "--format", "csv", "--output", csvFile])
        #expect(written.standardOutput.hasPrefix("Wrote \(csvFile): \(direct.count) events, "))
        let records = try CSV.parse(try String(contentsOfFile: csvFile, encoding: .utf8))
        #expect(records.count == direct.count + 1)
        #expect(records[0].fields.prefix(4) == ["type", "localTime", "minutes", "points"])
        #expect(records[0].fields.last == "json")
        #expect(records.allSatisfy { $0.fields.count == records[0].fields.count })
        let historyDays = try first.json(PaceAPI.GetHistory.Reply.self, ["history", "--days", "3"]).days.count
        let daysCSV = try first.run(["export", "--table", "days", "--days", "3"])
        let dayRows = try CSV.parse(daysCSV.standardOutput)
        #expect(dayRows.count == historyDays + 1)
        #expect(dayRows.last?.fields.contains("a, \"quoted\"\nnote") == true)

        // Every event carries its id, the same in every form.
        let ids = direct.compactMap { event -> String? in
            guard case .object(let fields) = event, case .string(let id) = fields["id"] else { return nil }
            return id
        }
        #expect(ids.count == direct.count)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
        #expect(Set(ids).count == ids.count)
        #expect(records[0].fields.contains("id"))

        // Into fresh daemons: everything arrives, from the CSV, the JSON export or a log dump, as it was (its id,
        // its times), next to what the other daemon recorded itself (an import is a union by id).
        for (name, file) in [("events.csv", csvFile), ("export.json", "json"), ("dump.jsonl", "dump")] {
            let path = first.daemon.root.appending(name)
            if file == "json" { try first.run(["export", "--json", "--output", path]) }
            if file == "dump" { try dump.standardOutput.write(toFile: path, atomically: true, encoding: .utf8) }
            let other = try Session()
            defer { other.stop() }
            let client = try PaceClient(socketPath: other.daemon.socketPath)
            let own = try client.call(PaceAPI.GetEvents.self, .init()).events
            let imported = try other.json(PaceAPI.ImportEvents.Reply.self, ["import", path])
            #expect(imported.imported == direct.count, "\(name)")
            #expect(imported.skipped == 0)
            #expect(imported.status.mode == .flare)
            let events = try client.call(PaceAPI.GetEvents.self, .init()).events
            #expect(events.count == own.count + direct.count, "\(name)")
            #expect(events.filter { !own.contains($0) } == direct, "\(name)")
        }
    }

    /// Exports an older Pace wrote (Tests/Fixtures: the events CSV and JSON of a39efca, and a version 1 document
    /// without ids) go into an empty Pace as the events they hold; a CSV exported from there brings the same events
    /// into another empty Pace (export → import → same history).
    @Test func exportsOfAnOlderPaceAreImportedAndExportedAgain() throws {
        let fixtures = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Fixtures")
        let expected = try JSONDecoder().decode(
            ExportDocument.self, from: Data(contentsOf: fixtures.appending(path: "export-a39efca.json"))
        ).events
        /// The events `session` holds that it did not record itself before the import (`own`).
        func imported(_ session: Session, besides own: [JSONValue]) throws -> [JSONValue] {
            try PaceClient(socketPath: session.daemon.socketPath).call(PaceAPI.GetEvents.self, .init()).events
                .filter { !own.contains($0) }
        }
        for name in ["export-a39efca-events.csv", "export-a39efca.json", "export-version1.json"] {
            let session = try Session()
            defer { session.stop() }
            let own = try imported(session, besides: [])
            let reply = try session.json(
                PaceAPI.ImportEvents.Reply.self, ["import", fixtures.appending(path: name).path(percentEncoded: false)])
            #expect(reply.imported == expected.count, "\(name)")
            let events = try imported(session, besides: own)
            if name == "export-version1.json" {
                // Ids derived from the content; every other field as it was.
                #expect(events.count == expected.count)
                continue
            }
            #expect(events == expected, "\(name)")

            // Round trip: exported in today's shape, into another empty Pace: the same history.
            let file = session.daemon.root.appending("again.csv")
            try session.run(["export", "--output", file])
            let other = try Session()
            defer { other.stop() }
            let otherOwn = try imported(other, besides: [])
            #expect(try other.json(PaceAPI.ImportEvents.Reply.self, ["import", file]).imported >= expected.count)
            let arrived = try imported(other, besides: otherOwn)
            #expect(expected.allSatisfy(arrived.contains), "\(name)")
            #expect(try other.status().used == (try session.status().used))
        }
    }

    /// The README promises that importing twice changes nothing: paced recognises an event it already has
    /// whatever order its keys were written in.
    @Test func importingTheSameFileTwiceChangesNothing() throws {
        let first = try Session()
        defer { first.stop() }
        try first.run(["log", "walk", "25m", "--at", "1h ago"])
        try first.run(["start"])
        try first.run(["stop"])
        try first.run(["flare", "on"])
        let file = first.daemon.root.appending("events.csv")
        try first.run(["export", "--output", file])
        let count = try first.json(ExportDocument.self, ["export"]).events.count

        let second = try Session()
        defer { second.stop() }
        // Whatever the second daemon recorded itself (a morning check-in prompt) stays, next to the import.
        let own = try PaceClient(socketPath: second.daemon.socketPath).call(PaceAPI.GetEvents.self, .init())
        #expect(try second.json(PaceAPI.ImportEvents.Reply.self, ["import", file]).imported == count)
        for _ in 0..<5 {
            let again = try second.json(PaceAPI.ImportEvents.Reply.self, ["import", file])
            #expect(again.imported == 0)
            #expect(again.skipped == count)
        }
        let events = try PaceClient(socketPath: second.daemon.socketPath).call(PaceAPI.GetEvents.self, .init())
        #expect(events.events.count == own.events.count + count)
        // Into the first daemon, which holds every one of them by id: nothing is added.
        let back = try first.json(PaceAPI.ImportEvents.Reply.self, ["import", file])
        #expect(back.imported == 0)
        #expect(back.skipped == count)
    }

    @Test func exportAndDumpReadEveryPage() throws {
        let session = try Session()
        defer { session.stop() }
        // More events than one GetEvents page holds (1,000), brought in with one import.
        let now = try #require(instant(try session.status().now))
        let count = PaceAPI.GetEvents.pageSize + 150
        var lines = ""
        for index in 0..<count {
            let at = now.millisecondsSinceEpoch - Int64(count - index) * 1000
            lines += #"{"type":"checkIn","at":\#(at),"utcOffsetSeconds":0,"stress":\#(index % 11)}"# + "\n"
        }
        let file = session.daemon.root.appending("many.jsonl")
        try lines.write(toFile: file, atomically: true, encoding: .utf8)
        // Whatever paced recorded itself (a morning check-in prompt) before the import, which these events precede.
        let own = try session.run(["log", "dump"]).standardOutput.split(separator: "\n").count
        #expect(try session.json(PaceAPI.ImportEvents.Reply.self, ["import", file]).imported == count)
        #expect(try session.run(["log", "dump"]).standardOutput.split(separator: "\n").count == own + count)
        let document = try session.json(ExportDocument.self, ["export"])
        #expect(document.events.count == own + count)
    }

    @Test func doctorReadsThePacedsOwnHealth() throws {
        // 16:00 by the daemon's clock, after the morning check-in prompt: the start is the log's one record.
        let session = try Session(clockAtUTCHour: 16)
        defer { session.stop() }
        try session.run(["start"])
        let doctor = try session.run(["doctor"])
        let lines = doctor.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains("✓ event log in \(session.daemon.stateDirectory), private (mode 700): 1 record"))
        #expect(
            lines.contains(
                "✓ no config file (\(session.daemon.root.appending("config/pace/config.toml"))); built-in defaults apply"
            ))
        // Without a session bus paced says so, and doctor passes it on as a warning, not a failure.
        #expect(lines.dropLast(2).last?.hasPrefix("! paced cannot reach the session bus") == true)
        // Heart rate and sync are off, and doctor says so last, without a mark against them.
        #expect(lines.dropLast().last == "- heart rate: off (no [heart_rate] device configured)")
        #expect(lines.last == "- sync: off (no [sync] folder configured)")

        let config = session.daemon.root.appending("config/pace/config.toml")
        try FileManager.default.createDirectory(
            atPath: session.daemon.root.appending("config/pace"), withIntermediateDirectories: true)
        try "[day]\nstrat_hour = 5\n".write(toFile: config, atomically: true, encoding: .utf8)
        let broken = try session.run(["doctor"], status: 1)
        #expect(broken.standardOutput.contains("✗ \(config):2: day.strat_hour: unknown key"))
    }

    /// `[activities] reference_minutes = false`: the status gives points alone; a reload turns them on again.
    @Test func referenceMinutesCanBeTurnedOff() throws {
        let session = try Session(clockAtUTCHour: 12)
        defer { session.stop() }
        #expect(try session.status().leftMinutes > 0)
        let directory = session.daemon.root.appending("config/pace")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "[activities]\nreference_minutes = false\n".write(
            toFile: directory + "/config.toml", atomically: true, encoding: .utf8)
        kill(session.daemon.pid, SIGHUP)
        var status = try session.status()
        for _ in 0..<1000 where status.leftMinutes != 0 {
            usleep(20_000)
            status = try session.status()
        }
        #expect(status.leftMinutes == 0)
        #expect(status.left > 0)
        let line = try session.run(["status"]).standardOutput
        #expect(line.contains("points left") && !line.contains("min walking"), "\(line)")
    }

    /// A new pacing day at the day's start hour, without sleeping: the daemon's clock moved by the test hook.
    @Test func aNewPacingDayBeginsAtTheDayStartHour() throws {
        // Noon, whatever the time of day the test runs at.
        let session = try Session(clockAtUTCHour: 12)
        defer { session.stop() }
        let clock = try #require(session.daemon.clock)
        let before = try session.status()
        let today = try #require(CivilDate(iso8601: before.pacingDay))
        // At 10:00 of the daemon's today (`pace` reads the machine's clock, not the daemon's, for "now").
        try session.backfill(daysAgo: 0, today: today)
        #expect(try session.status().used > 0)

        // One minute into tomorrow's pacing day (TZ=UTC).
        let tomorrow = today.adding(days: 1)
        let target = (tomorrow.daysSinceEpoch * 86_400 + Int64(before.dayStartHour) * 3600 + 60) * 1000
        try clock.start(at: target)
        #expect(waitUntil(timeoutMilliseconds: 30_000) { (try? session.status().pacingDay) == tomorrow.iso8601 })
        let next = try session.status()
        #expect(next.used == 0)
        #expect(next.left == next.budget)
        let days = try session.json(PaceAPI.GetHistory.Reply.self, ["history", "--days", "2"]).days
        #expect(days.map(\.date) == [today.iso8601, tomorrow.iso8601])
        #expect(days.first?.used ?? 0 > 0)
        #expect(days.last?.today == true)
    }

    @Test func watchAndWaybarFollowChanges() throws {
        let session = try Session()
        defer { session.stop() }
        let output = session.daemon.root.appending("output")
        let watch = try ChildProcess(
            Executables.path("pace"), ["watch", "--json"], environment: session.daemon.environment,
            outputDirectory: output)
        let bar = try ChildProcess(
            Executables.path("pace"), ["waybar"], environment: session.daemon.environment, outputDirectory: output)
        defer {
            watch.signal(SIGTERM)
            bar.signal(SIGTERM)
        }
        #expect(
            waitUntil(timeoutMilliseconds: 30_000) {
                watch.standardOutput.contains("\n") && bar.standardOutput.contains("\n")
            })
        try session.run(["start"])
        #expect(
            waitUntil(timeoutMilliseconds: 30_000) {
                watch.standardOutput.split(separator: "\n").contains { line in
                    (try? JSONDecoder().decode(PaceAPI.Watch.Reply.self, from: Data(line.utf8)))?.status.activity != nil
                }
            })
        #expect(waitUntil(timeoutMilliseconds: 30_000) { bar.standardOutput.contains("\"active\"") })
        #expect(bar.standardOutput.contains("walking"))
    }
}
