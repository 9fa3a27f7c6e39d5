import ArgumentParser
import Foundation
import PaceCore
import PaceProtocol
import Testing

@testable import pace

/// The sentences commands print, the one-line errors, and the small text helpers, with the clock pinned.
@Suite struct CLIReplyTextTests {
    let now = CLIFixtures.nowInstant
    let zone = CLIFixtures.zone

    @Test func activitySentences() {
        #expect(ReplyText.started(CLIFixtures.walking, now: now, zone: zone) == "Started walking at 14:08.")
        #expect(
            ReplyText.started(CLIFixtures.walking, status: CLIFixtures.status(), now: now, zone: zone)
                == "Started walking at 14:08.")
        #expect(
            ReplyText.started(CLIFixtures.walking, status: CLIFixtures.status(used: 111), now: now, zone: zone)
                == "Started walking at 14:08. Today's budget is used already: more today is likely to cost you "
                + "tomorrow, so keep it short.")
        var yoga = PaceAPI.Activity(
            kind: "yoga", label: "yoga", intensity: .light, startedAt: "2026-11-25T08:00:00Z",
            endedAt: "2026-11-25T08:30:00Z", durationSeconds: 1800, points: 44.6, limitAt: nil)
        #expect(ReplyText.logged(yoga, now: now, zone: zone) == "Logged yoga (light), 30 min from 09:00: 45 points.")
        yoga.startedAt = "2026-11-24T17:00:00Z"
        #expect(ReplyText.logged(yoga, now: now, zone: zone).contains("from yesterday 18:00"))
        var stopped = CLIFixtures.walking
        stopped.durationSeconds = 1500
        stopped.points = 1
        #expect(ReplyText.stopped(stopped) == "Stopped walking after 25 min: 1 point.")
    }

    @Test func restSentences() {
        let planned = PaceAPI.Rest(startedAt: now.rfc3339, plannedSeconds: 900, elapsedSeconds: 0, enoughAt: nil)
        #expect(
            ReplyText.restStarted(planned, now: now, zone: zone)
                == "Resting for 15 min, until 14:35. Reminders hold while you rest.")
        let open = PaceAPI.Rest(startedAt: now.rfc3339, plannedSeconds: nil, elapsedSeconds: 0, enoughAt: nil)
        #expect(ReplyText.restStarted(open, now: now, zone: zone).hasSuffix("`pace rest --end` when you are up again."))
    }

    @Test func checkInFlareAndSnoozeSentences() {
        #expect(
            ReplyText.checkedIn(.init(energy: 4, pain: 6, flare: true, note: "x"))
                == "Check-in recorded: energy 4, pain 6, flare, a note.")
        #expect(ReplyText.checkedIn(.init()) == "Check-in recorded.")
        #expect(
            ReplyText.checkedIn(.init(flare: false, complete: true))
                == "Check-in recorded: no flare, today is all recorded.")
        let flare = CLIFixtures.status(mode: .flare, budget: 55, used: 20, flareUntil: "2026-11-25T17:00:00Z")
        #expect(
            ReplyText.flare(on: true, status: flare, zone: zone)
                == "Flare mode on until 18:00: today's budget is at most half the usual and reminders come sooner. `pace flare off` lifts it."
        )
        #expect(ReplyText.flare(on: false, status: CLIFixtures.status(), zone: zone) == "Flare mode off.")
        #expect(
            ReplyText.snoozed(CLIFixtures.status(snoozedUntil: "2026-11-25T13:30:00Z"), zone: zone)
                == "Reminders held until 14:30.")
        #expect(ReplyText.snoozed(CLIFixtures.status(), zone: zone) == "Reminders are on.")
    }

    @Test func calibrationIncreaseAndAnswerSentences() {
        #expect(
            ReplyText.calibrated(minutes: 20, status: CLIFixtures.status(mode: .calibrating, provisional: true))
                == "Noted: a bad day allows about 20 min of walking. Until Pace has seen a few of your days, today's "
                + "budget follows from it.")
        var grown = CLIFixtures.status()
        grown.base = 115.5
        #expect(
            ReplyText.increased(from: 110, status: grown)
                == "Trial increase: your base went from 110 to 116 points. `pace why` shows how your days bear it out.")
        #expect(ReplyText.answered(.stop, status: CLIFixtures.status(), zone: zone) == "Reminder answered: stopped.")
        #expect(
            ReplyText.answered(.snooze, status: CLIFixtures.status(snoozedUntil: "2026-11-25T13:30:00Z"), zone: zone)
                == "Reminder answered: reminders held until 14:30.")
        #expect(ReplyText.answered(.dismiss, status: CLIFixtures.status(), zone: zone) == "Reminder dismissed.")
    }

    @Test func sentencesCarryNoGuilt() {
        let texts = [
            ReplyText.stopped(CLIFixtures.walking), ReplyText.restEnded, ReplyText.checkedIn(.init(energy: 1)),
            ReplyText.flare(on: true, status: CLIFixtures.status(mode: .flare), zone: zone),
            StatusText.line(CLIFixtures.status(used: 300), zone: zone, settings: .plainUnicode),
        ]
        for text in texts {
            for word in ["should", "must", "failed", "missed", "streak", "goal", "too much", "warning"] {
                #expect(!text.lowercased().contains(word), "\(text)")
            }
        }
    }
}

@Suite struct CLIFailureTests {
    let now = CLIFixtures.nowInstant
    let zone = CLIFixtures.zone

    private func failure(_ error: VarlinkError) -> ClientFailure {
        ClientFailure(VarlinkClientError(.remote(error), socketPath: "/run/user/1000/pace/pace.sock"))
    }

    @Test func daemonDownSaysHowToStartIt() {
        let down = ClientFailure(VarlinkClientError(.daemonUnavailable, socketPath: "/run/user/1000/pace/pace.sock"))
        #expect(down.exitCode == ExitStatus.unavailable)
        #expect(
            down.message(now: now, zone: zone)
                == "paced is not running (no daemon on /run/user/1000/pace/pace.sock). Start it with `systemctl --user start paced.socket`, or `make run` in the source tree."
        )
    }

    @Test(arguments: [
        (
            VarlinkError.pace(
                "ActivityAlreadyRunning", message: "Walking is running since 14:05; stop it first (pace stop).",
                ["kind": .string("walk"), "startedAt": .string("2026-11-25T13:05:00Z")]), Int32(65),
            "walk is already running since 14:05; end it first with `pace stop`."
        ),
        (
            .pace("NoActivityRunning", message: "No activity is running."), 65,
            "nothing is running, so there is nothing to stop; to record something done earlier, use `pace log KIND DURATION --at TIME`."
        ),
        (
            .pace("RestNotRunning", message: "No rest is running."), 65,
            "you are not resting right now; `pace rest` starts a rest."
        ),
        (
            .pace("RestAlreadyRunning", message: "You are already resting."), 65,
            "you are already resting; `pace rest --end` ends the rest."
        ),
        (
            .pace("FlareNotActive", message: "Flare mode is not on."), 65,
            "flare mode is not on; `pace flare` turns it on."
        ),
        (
            .pace(
                "UnknownActivityKind", message: "There is no activity called \"jogging\".", ["kind": .string("jogging")]
            ),
            65, "there is no activity kind called \"jogging\"; `pace kinds` lists them."
        ),
        (
            .pace("UnknownReminder", message: "No reminder x was shown.", ["id": .string("bout:1")]), 65,
            "no reminder bout:1 was shown today or yesterday; `pace answer ACTION` answers the latest one."
        ),
        (
            .pace(
                "TrialIncreaseUnavailable",
                message: "Not on a flare day: try when the flare has passed."), 65,
            "not on a flare day: try when the flare has passed."
        ),
        (
            .pace(
                "CalibrationFinished", message: "Calibration has ended; your budget now comes from your own days."),
            65, "calibration has ended; your budget now comes from your own days."
        ),
        (
            .pace(
                "OverlapsRunningActivity",
                message:
                    "That time overlaps the walking bout running since 14:05; stop it first, or log an earlier time."),
            65,
            "that time overlaps the walking bout running since 14:05; stop it first, or log an earlier time."
        ),
        (
            .pace("InvalidValue", message: "That time is in the future.", ["parameter": .string("startedAt")]), 65,
            "--at: that time is in the future."
        ),
        (
            .pace(
                "InvalidValue", message: "A check-in needs at least one answer.", ["parameter": .string("parameters")]),
            65, "a check-in needs at least one answer."
        ),
        (
            .logUnavailable("disk full (/home/ana/.local/state/pace); free space and retry"), 75,
            "nothing was recorded: disk full (/home/ana/.local/state/pace); free space and retry"
        ),
        (
            .invalidEvent(index: 3, reason: "no time"), 65,
            "event 3 is not a valid Pace event (no time); nothing was imported."
        ),
        (
            .invalidParameter("energy"), 65,
            "paced did not accept the value of \"energy\"; see `pace help` for the forms it takes."
        ),
        (
            VarlinkError(
                "org.varlink.service.MethodNotImplemented", ["method": .string("io.pace.Daemon.StartActivity")]), 70,
            "this paced cannot start activities yet (io.pace.Daemon.StartActivity is not available); update paced and restart it (`systemctl --user restart paced`)."
        ),
        (.requestTooLarge(limit: 65536), 70, "the request was larger than paced accepts (65536 bytes)."),
        (
            .pace("SomethingNew", message: "PACE 2 needs a newer pace."), 70,
            "PACE 2 needs a newer pace."
        ),
        (VarlinkError("io.pace.Daemon.SomethingNew"), 70, "paced answered with an error: io.pace.Daemon.SomethingNew"),
    ])
    func errorRepliesSayWhatToDoInOneLine(error: VarlinkError, status: Int32, message: String) {
        let failure = failure(error)
        #expect(failure.exitCode.rawValue == status)
        #expect(failure.message(now: now, zone: zone) == message)
        #expect(!message.contains("\n"))
    }

    @Test func everyMethodHasWordsForWhatItDoes() {
        for method in PaceAPI.methodNames {
            #expect(!ClientFailure.action(of: method).hasPrefix("answer "), "\(method)")
        }
    }

    @Test func otherFailuresKeepTheirStatuses() {
        let socket = "/s"
        #expect(
            ClientFailure(VarlinkClientError(.timedOut, socketPath: socket)).exitCode == ExitStatus.temporaryFailure)
        #expect(
            ClientFailure(VarlinkClientError(.malformedReply, socketPath: socket)).exitCode == ExitStatus.protocolError)
        #expect(
            ClientFailure(VarlinkClientError(.permissionDenied, socketPath: socket)).exitCode == ExitStatus.noPermission
        )
        #expect(
            ClientFailure(VarlinkClientError(.connectionClosed, socketPath: socket)).exitCode == ExitStatus.unavailable)
        let stranger = SocketTrust.Problem.serverOfAnotherUser(uid: 1001, pid: 42)
        #expect(
            ClientFailure(VarlinkClientError(.untrustedSocket(stranger), socketPath: socket)).exitCode
                == ExitStatus.untrustedSocket)
    }

    @Test func kindsMatchByTheStartOfTheirNameWhenOnlyOneDoes() {
        let kinds = ["walking", "yoga", "reading", "resting talk", "Weights"]
        #expect(KindMatching.unique("walk", in: kinds) == "walking")
        #expect(KindMatching.unique("WALKING", in: kinds) == "walking")
        #expect(KindMatching.unique("weights", in: kinds) == "Weights")
        #expect(KindMatching.unique("re", in: kinds) == nil)
        #expect(KindMatching.unique("swim", in: kinds) == nil)
    }

    @Test func kindsMatchByTheirAliasesToo() {
        func kind(_ name: String, _ aliases: [String]) -> PaceAPI.ActivityKind {
            PaceAPI.ActivityKind(
                name: name, label: name, aliases: aliases, met: 3, pointsPerMinuteLight: 1.4,
                pointsPerMinuteModerate: 2, pointsPerMinuteVigorous: 2.75, builtIn: true)
        }
        let kinds = [
            kind("walk", ["walking"]), kind("water-exercise", ["swimming", "pool"]), kind("cycling", ["bike"]),
            kind("cooking", []),
        ]
        #expect(KindMatching.unique("swim", in: kinds) == "water-exercise")
        #expect(KindMatching.unique("Walking", in: kinds) == "walk")
        #expect(KindMatching.unique("bi", in: kinds) == "cycling")
        #expect(KindMatching.unique("c", in: kinds) == nil)
    }

    @Test func theLatestReminderWithoutAnAnswerIsTheOneAnswered() {
        func event(_ type: String, _ id: String) -> JSONValue {
            .object(["type": .string(type), "at": .integer(1), "reminder": .string(id)])
        }
        let events = [
            event("reminderShown", "bout:1"), event("reminderShown", "budget90:2026-11-25"),
            event("reminderActedOn", "budget90:2026-11-25"), .object(["type": .string("activityStopped")]),
        ]
        #expect(AnswerCommand.latestUnanswered(in: events) == "bout:1")
        #expect(AnswerCommand.latestUnanswered(in: Array(events.prefix(2))) == "budget90:2026-11-25")
        #expect(
            AnswerCommand.latestUnanswered(in: Array(events.prefix(3)) + [event("reminderActedOn", "bout:1")]) == nil)
    }

    @Test func usageLineNamesTheSubcommandsHelp() {
        #expect(UsageLine.commandPath(["log", "dump", "--from", "x"]) == ["log", "dump"])
        #expect(UsageLine.commandPath(["log", "yoga", "30m"]) == ["log"])
        #expect(UsageLine.commandPath(["--json"]) == [])
    }
}

@Suite struct CLICheckInDialogueTests {
    private func run(
        morning: Bool, askBadDay: Bool = false, answers: [String?]
    ) -> (PaceAPI.CheckIn.Parameters?, String, Int?) {
        var remaining = answers[...]
        var written = ""
        let dialogue = CheckInDialogue(morning: morning, askBadDay: askBadDay, glyphs: .unicode)
        let result = dialogue.run(readLine: { remaining.popFirst() ?? nil }, write: { written += $0 })
        return (result?.checkIn, written, result?.badDayMinutes)
    }

    @Test func morningAsksEnergyFirstAndOneAnswerIsEnough() {
        let (record, written, _) = run(morning: true, answers: ["4", "", ""])
        #expect(record == .init(energy: 4))
        #expect(
            written
                == "Check-in: Enter skips a question, q stops.\n  Energy today, 0–10 (5 = your usual): "
                + "  Sleep last night, 0–10 (10 = slept well):   Pain, 0–10 (0 = none): ")
    }

    @Test func qStopsAndKeepsWhatWasAnswered() {
        let (record, _, _) = run(morning: true, answers: ["3", "q"])
        #expect(record == .init(energy: 3))
        let (endOfInput, _, _) = run(morning: true, answers: ["6", nil])
        #expect(endOfInput == .init(energy: 6))
    }

    @Test func eveningAsksHowTheDayWent() {
        let (record, _, _) = run(morning: false, answers: ["7", "6", "2", "y"])
        #expect(record == .init(fatigue: 7, pain: 6, stress: 2, flare: true))
    }

    @Test func aBadAnswerIsAskedAgainThenSkipped() {
        let (record, written, _) = run(morning: true, answers: ["11", "five", "x", "5", ""])
        #expect(record == .init(sleep: 5))
        #expect(written.components(separatedBy: "A number from 0 to 10, please, or Enter to skip.").count - 1 == 3)
    }

    @Test func inTheFirstDaysItAsksWhatABadDayAllows() {
        let (record, written, minutes) = run(morning: true, askBadDay: true, answers: ["4", "", "", "20"])
        #expect(record == .init(energy: 4))
        #expect(minutes == 20)
        #expect(written.hasSuffix("  First days: what does a bad day allow? Minutes of walking: "))
        let (nothingElse, _, onlyMinutes) = run(morning: false, askBadDay: true, answers: ["", "", "", "", "1h"])
        #expect(nothingElse == nil)
        #expect(onlyMinutes == 60)
        let (_, hint, none) = run(morning: true, askBadDay: true, answers: ["", "", "", "lots", ""])
        #expect(none == nil)
        #expect(hint.contains("A number of minutes, like 20, please, or Enter to skip."))
        #expect(run(morning: true, askBadDay: false, answers: ["", "", "", "20"]).2 == nil)
    }

    @Test func skippingEverythingRecordsNothing() {
        #expect(run(morning: true, answers: ["", "", ""]).0 == nil)
        #expect(run(morning: false, answers: [nil]).0 == nil)
    }

    @Test(arguments: [
        (5, 4, true), (11, 4, true), (12, 4, false), (3, 4, false), (23, 4, false), (0, 0, true), (13, 22, false),
        (23, 22, true), (2, 22, true),
    ])
    func morningRunsFromTheStartOfThePacingDayToNoon(hour: Int, dayStart: Int, morning: Bool) {
        #expect(CheckInDialogue.isMorning(hour: hour, dayStartHour: dayStart) == morning)
    }

    @Test func answersAreRead() {
        #expect(CheckInDialogue.read(" 7 ", for: .pain) == .rating(7))
        #expect(CheckInDialogue.read("0", for: .energy) == .rating(0))
        #expect(
            CheckInDialogue.read("-1", for: .energy)
                == .invalid(hint: "A number from 0 to 10, please, or Enter to skip."))
        #expect(CheckInDialogue.read("Yes", for: .flare) == .yes)
        #expect(CheckInDialogue.read("n", for: .flare) == .no)
        #expect(CheckInDialogue.read("Q", for: .flare) == .stop)
        #expect(CheckInDialogue.read("", for: .flare) == .skip)
    }
}

@Suite struct CLITextHelperTests {
    let zone = CLIFixtures.zone
    let now = CLIFixtures.nowInstant

    @Test func momentsNameTheDayWhenNotToday() {
        #expect(ClockText.moment(now, now: now, zone: zone) == "14:20")
        #expect(ClockText.moment(now.adding(seconds: 86_400), now: now, zone: zone) == "tomorrow 14:20")
        #expect(ClockText.moment(now.adding(seconds: -86_400), now: now, zone: zone) == "yesterday 14:20")
        #expect(ClockText.moment(now.adding(seconds: -3 * 86_400), now: now, zone: zone) == "Sun 22 Nov 14:20")
        // 23:30 local is still today, though it is tomorrow in UTC terms only after midnight local.
        #expect(ClockText.moment(Instant(rfc3339: "2026-11-25T22:30:00Z")!, now: now, zone: zone) == "23:30")
    }

    @Test func relativeSpans() {
        #expect(ClockText.relative(seconds: 480) == "in 8 min")
        #expect(ClockText.relative(seconds: 45) == "in 45 s")
        #expect(ClockText.relative(seconds: 0) == "now")
        #expect(ClockText.relative(seconds: -30) == "now")
        #expect(ClockText.relative(seconds: -600) == "10 min ago")
    }

    @Test func timesAreSentWithTheLocalOffset() {
        #expect(ClockText.rfc3339(now, zone: zone) == "2026-11-25T14:20:00+01:00")
        #expect(ClockText.rfc3339(now, zone: .fixed(0)) == "2026-11-25T13:20:00Z")
        #expect(ClockText.rfc3339(now, zone: .fixed(-(9 * 3600 + 30 * 60))) == "2026-11-25T03:50:00-09:30")
        #expect(Instant(rfc3339: ClockText.rfc3339(now, zone: .fixed(-34_200))) == now)
    }

    @Test func typedTimesUseTheOffsetInForceAtTheResult() throws {
        // A zone that moves from +02:00 to +01:00 at 2026-10-25T01:00Z, like central Europe.
        let europe = LocalZone { $0 < Instant(rfc3339: "2026-10-25T01:00:00Z")! ? 7200 : 3600 }
        let monday = Instant(rfc3339: "2026-10-26T09:00:00Z")!
        // "yesterday 18:00" on Monday is Sunday 18:00 CET = 17:00Z; "two days ago 18:00" would be summer time.
        #expect(
            try europe.parse("yesterday 18:00", now: monday, prefer: .past) == Instant(rfc3339: "2026-10-25T17:00:00Z"))
        #expect(
            try europe.parse("2026-10-24 18:00", now: monday, prefer: .past) == Instant(rfc3339: "2026-10-24T16:00:00Z")
        )
        #expect(
            europe.instant(on: CivilDate(year: 2026, month: 10, day: 24), secondsIntoDay: 4 * 3600)
                == Instant(rfc3339: "2026-10-24T02:00:00Z"))
        #expect(
            europe.instant(on: CivilDate(year: 2026, month: 10, day: 26), secondsIntoDay: 4 * 3600)
                == Instant(rfc3339: "2026-10-26T03:00:00Z"))
    }

    @Test func typedArgumentsSayWhichOptionIsWrong() throws {
        #expect(throws: CommandFailure.usage("--at: \"25:00\" is not a time: hours go from 00 to 23")) {
            try TypedArguments.time("25:00", option: "--at", prefer: .past, now: now, zone: zone)
        }
        #expect(
            throws: CommandFailure.usage("rest: \"15\" is not a duration: add a unit: 15m for minutes, 15s for seconds")
        ) {
            try TypedArguments.seconds("15", what: "rest")
        }
        #expect(throws: CommandFailure.usage("rest: \"0s\" is too short; give at least 1 s, e.g. 20m")) {
            try TypedArguments.seconds("0s", what: "rest")
        }
        #expect(throws: CommandFailure.self) { try TypedArguments.seconds("8d", what: "rest") }
        #expect(try TypedArguments.seconds("0", what: "snooze", minimum: 0) == 0)
        #expect(
            try TypedArguments.time("09:30", option: "--at", prefer: .past, now: now, zone: zone)
                == "2026-11-25T09:30:00+01:00")
    }

    @Test func minutesAreANumberOrADuration() throws {
        #expect(try TypedArguments.minutes("20", what: "minutes", range: 1...1440) == 20)
        #expect(try TypedArguments.minutes("1h30m", what: "minutes", range: 1...1440) == 90)
        #expect(throws: CommandFailure.usage("minutes: give minutes from 1 to 1440, e.g. 20; you gave 0")) {
            try TypedArguments.minutes("0", what: "minutes", range: 1...1440)
        }
        #expect(throws: CommandFailure.self) { try TypedArguments.minutes("lots", what: "minutes", range: 1...1440) }
    }

    @Test func dayRangesFromTheOptions() throws {
        let today = CivilDate(year: 2026, month: 11, day: 25)
        func range(_ arguments: [String], defaultDays: Int = 14) throws -> String {
            let options = try DayRangeOptions.parse(arguments)
            let days = try options.resolve(today: today, defaultDays: defaultDays)
            return "\(days.lowerBound)…\(days.upperBound)"
        }
        #expect(try range([]) == "2026-11-12…2026-11-25")
        #expect(try range(["--days", "1"]) == "2026-11-25…2026-11-25")
        #expect(try range(["--days", "28"]) == "2026-10-29…2026-11-25")
        #expect(try range(["--from", "2026-11-01", "--to", "2026-11-03"]) == "2026-11-01…2026-11-03")
        #expect(try range(["--from", "7d ago"]) == "2026-11-18…2026-11-25")
        #expect(try range(["--to", "yesterday"], defaultDays: 3) == "2026-11-22…2026-11-24")
        #expect(throws: CommandFailure.usage("--from 2026-11-20 is after --to 2026-11-10; give the earlier day first"))
        {
            try range(["--from", "2026-11-20", "--to", "2026-11-10"])
        }
        #expect(throws: (any Error).self) { try DayRangeOptions.parse(["--days", "3", "--from", "today"]) }
        #expect(throws: (any Error).self) { try DayRangeOptions.parse(["--days", "0"]) }
    }

    @Test(arguments: [
        (61.6, "62"), (-0.2, "0"), (0.5, "1"), (110, "110"), (Double.nan, "?"),
    ])
    func wholeNumbers(value: Double, expected: String) {
        #expect(NumberText.whole(value) == expected)
    }

    @Test(arguments: [
        (4.25, 1, "4.3"), (4.0, 1, "4"), (0.04, 1, "0"), (-1.25, 2, "-1.25"), (3.125, 2, "3.13"), (0.05, 2, "0.05"),
        (12.5, 1, "12.5"),
    ])
    func decimals(value: Double, places: Int, expected: String) {
        #expect(NumberText.decimal(value, places: places) == expected)
    }

    @Test func wrappingKeepsWordsAndParagraphs() {
        #expect(TextWrap.wrap("one two three four", width: 9) == ["one two", "three", "four"])
        #expect(TextWrap.wrap("a\n\nb", width: 10) == ["a", "", "b"])
        #expect(TextWrap.wrap("unbreakableword x", width: 5) == ["unbreakableword", "x"])
        // A percent sign stays with its number.
        #expect(TextWrap.wrap("your base rose 5 % yesterday", width: 16) == ["your base rose", "5 % yesterday"])
        #expect(TextWrap.wrap("used 95 %, more", width: 8) == ["used", "95 %,", "more"])
        #expect(TextWrap.wrap("a b", width: 80, indent: "  ") == ["  a b"])
    }

    @Test func tablesAlignIgnoringColour() {
        let rows = [["name", "n"], [TextStyle.colour.calm("ab"), "1"], ["abcd", "22"]]
        let lines = TextTable.render(rows, rightAligned: [1])
        #expect(lines[0] == "name   n")
        #expect(lines[1] == "\u{1B}[36mab\u{1B}[0m     1")
        #expect(lines[2] == "abcd  22")
    }

    @Test func doctorLinesAreATickOrAFix() {
        let results = [
            DoctorResult(name: "daemon", outcome: .passed, detail: "paced 0.1.0 is running"),
            DoctorResult(name: "units", outcome: .warning, detail: "not installed", fix: "run `make install`"),
            DoctorResult(name: "config", outcome: .failed, detail: "line 3: bad", fix: "edit it"),
            DoctorResult(name: "notifications", outcome: .skipped, detail: "busctl not found"),
        ]
        #expect(
            DoctorReport.lines(results, settings: .plainUnicode) == [
                "✓ paced 0.1.0 is running", "! not installed: run `make install`", "✗ line 3: bad: edit it",
                "- busctl not found",
            ])
        #expect(DoctorReport.lines(results, settings: .plainASCII)[0] == "ok paced 0.1.0 is running")
        #expect(
            DoctorCheck.all.map(\.name) == [
                "daemon", "log", "config", "inbox", "units", "notifications", "heart rate", "sync",
            ])
    }
}
