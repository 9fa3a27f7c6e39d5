import PaceCore
import PaceProtocol
import Testing

@testable import pace

/// `pace status`: the bar and one line of words, for fixed replies with the clock pinned.
@Suite struct CLIStatusTextTests {
    let zone = CLIFixtures.zone

    private func line(_ status: PaceAPI.Status, _ settings: OutputSettings = .plainUnicode) -> String {
        StatusText.line(status, zone: zone, settings: settings)
    }

    @Test func walkingWithARestDueReadsAsTheIssueShowsIt() {
        let status = CLIFixtures.status(activity: CLIFixtures.walking, nextReminderAt: "2026-11-25T13:28:00Z")
        #expect(
            line(status)
                == "▓▓▓▓▓▓░░░░  62 of 110 points left (≈ 34 min walking) · walking 12 min · rest due in 8 min")
    }

    @Test func quietAfternoonShowsOnlyTheBudget() {
        #expect(line(CLIFixtures.status()) == "▓▓▓▓▓▓░░░░  62 of 110 points left (≈ 34 min walking)")
    }

    @Test func flareDayShowsWhenItEnds() {
        let today = CLIFixtures.status(mode: .flare, budget: 55, used: 35, flareUntil: "2026-11-25T17:00:00Z")
        #expect(line(today) == "▓▓▓▓░░░░░░  20 of 55 points left (≈ 11 min walking) · flare day until 18:00")
        let tomorrow = CLIFixtures.status(mode: .flare, budget: 55, used: 35, flareUntil: "2026-11-26T07:00:00Z")
        #expect(line(tomorrow).hasSuffix(" · flare day until tomorrow 08:00"))
        let open = CLIFixtures.status(mode: .flare, budget: 55, used: 35)
        #expect(line(open).hasSuffix(" · flare day"))
    }

    @Test func calibrationSaysTheBudgetIsProvisional() {
        let status = CLIFixtures.status(mode: .calibrating, provisional: true)
        #expect(
            line(status)
                == "▓▓▓▓▓▓░░░░  62 of 110 points left (≈ 34 min walking) · provisional: 3 of 7 days recorded")
        let first = CLIFixtures.status(mode: .calibrating, provisional: true, budget: 0, used: 0)
        #expect(line(first) == "░░░░░░░░░░  no budget yet, still learning your usual day")
    }

    @Test func overTheBudgetIsAFactNotAnAlarm() {
        let status = CLIFixtures.status(used: 122)
        #expect(line(status) == "░░░░░░░░░░  0 of 110 points left · 12 points over")
        #expect(!line(status).contains("!"))
        #expect(line(CLIFixtures.status(used: 111)) == "░░░░░░░░░░  0 of 110 points left · 1 point over")
    }

    @Test func restingShowsHowLongAndWhenItIsEnough() {
        let rest = PaceAPI.Rest(
            startedAt: "2026-11-25T13:15:00Z", plannedSeconds: 900, elapsedSeconds: 300,
            enoughAt: "2026-11-25T13:26:00Z")
        let status = CLIFixtures.status(rest: rest, nextReminderAt: "2026-11-25T13:26:00Z")
        #expect(
            line(status)
                == "▓▓▓▓▓▓░░░░  62 of 110 points left (≈ 34 min walking) · resting 5 min of 15 min, rested enough in 6 min"
        )
        var enough = rest
        enough.enoughAt = "2026-11-25T13:19:00Z"
        enough.plannedSeconds = nil
        #expect(line(CLIFixtures.status(rest: enough)).hasSuffix(" · resting 5 min, rested enough"))
        // A planned rest that is itself the rest needed: one figure, not two.
        var planned = rest
        planned.enoughAt = "2026-11-25T13:30:00Z"
        #expect(line(CLIFixtures.status(rest: planned)).hasSuffix(" · resting 5 min of 15 min"))
    }

    @Test func snoozeShowsUntilWhenAndDisappearsOnceOver() {
        #expect(
            line(CLIFixtures.status(snoozedUntil: "2026-11-25T13:35:00Z")).hasSuffix(" · reminders snoozed until 14:35")
        )
        #expect(!line(CLIFixtures.status(snoozedUntil: "2026-11-25T13:00:00Z")).contains("snoozed"))
    }

    @Test func restIsDueWhenTheBoutReachesItsLimit() {
        var overdue = CLIFixtures.walking
        overdue.limitAt = "2026-11-25T13:19:00Z"
        #expect(line(CLIFixtures.status(activity: overdue)).hasSuffix(" · walking 12 min · rest due now"))
        var soon = CLIFixtures.walking
        soon.limitAt = "2026-11-25T13:20:45Z"
        #expect(line(CLIFixtures.status(activity: soon)).hasSuffix(" · walking 12 min · rest due in 45 s"))
        var unlimited = CLIFixtures.walking
        unlimited.limitAt = nil
        #expect(line(CLIFixtures.status(activity: unlimited)).hasSuffix(" · walking 12 min"))
    }

    @Test func theDaemonsNextWakeIsNotShownAsAReminder() {
        // nextReminderAt is when the daemon looks again (it may be the end of the day), not a promised reminder.
        #expect(
            line(CLIFixtures.status(nextReminderAt: "2026-11-26T03:00:00Z"))
                == "▓▓▓▓▓▓░░░░  62 of 110 points left (≈ 34 min walking)")
    }

    @Test func aBoutOrRestJustBegunSaysSo() {
        var activity = CLIFixtures.walking
        activity.durationSeconds = 5
        #expect(line(CLIFixtures.status(activity: activity)).hasSuffix(" · walking, just started · rest due in 8 min"))
        let planned = PaceAPI.Rest(startedAt: CLIFixtures.now, plannedSeconds: 900, elapsedSeconds: 0, enoughAt: nil)
        #expect(line(CLIFixtures.status(rest: planned)).hasSuffix(" · resting, 15 min planned"))
        var open = planned
        open.plannedSeconds = nil
        #expect(line(CLIFixtures.status(rest: open)).hasSuffix(" · resting, just started"))
    }

    @Test func intensityIsNamedWhenNotModerate() {
        var activity = CLIFixtures.walking
        activity.intensity = .vigorous
        #expect(
            line(CLIFixtures.status(activity: activity)).hasSuffix(" · walking 12 min (vigorous) · rest due in 8 min"))
    }

    @Test func asciiFallbackUsesNoCharacterBeyond127() {
        let status = CLIFixtures.status(
            mode: .flare, budget: 55, used: 35, activity: CLIFixtures.walking, snoozedUntil: "2026-11-25T13:35:00Z",
            flareUntil: "2026-11-25T17:00:00Z", nextReminderAt: "2026-11-25T13:28:00Z")
        let text = line(status, .plainASCII)
        #expect(
            text
                == "####......  20 of 55 points left (~11 min walking) - flare day until 18:00 - walking 12 min - rest due in 8 min - reminders snoozed until 14:35"
        )
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func colourWrapsTheBarAndTheFigureOnly() {
        let settings = OutputSettings(glyphs: .unicode, style: .colour)
        #expect(
            line(CLIFixtures.status(), settings)
                == "\u{1B}[36m▓▓▓▓▓▓\u{1B}[0m\u{1B}[2m░░░░\u{1B}[0m  \u{1B}[1m62\u{1B}[0m of 110 points left (≈ 34 min walking)"
        )
        // Little left: the bar turns to the notice colour (yellow), never red.
        let low = line(CLIFixtures.status(used: 100), settings)
        #expect(low.hasPrefix("\u{1B}[33m▓\u{1B}[0m"))
        #expect(!low.contains("[31m"))
    }

    @Test func barNeverShowsEmptyWhileSomethingIsLeftNorFullWhenSomethingIsUsed() {
        #expect(BudgetBar.filledCells(left: 0.4, budget: 110, width: 10) == 1)
        #expect(BudgetBar.filledCells(left: 109, budget: 110, width: 10) == 9)
        #expect(BudgetBar.filledCells(left: 110, budget: 110, width: 10) == 10)
        #expect(BudgetBar.filledCells(left: 0, budget: 110, width: 10) == 0)
        #expect(BudgetBar.filledCells(left: 5, budget: 0, width: 10) == 0)
        #expect(BudgetBar.filledCells(left: 55, budget: 110, width: 10) == 5)
    }

    @Test func verboseLinesNameTheDaemon() {
        #expect(
            StatusText.daemonLines(CLIFixtures.status(), settings: .plainUnicode) == [
                "Pace is running (paced 0.1.0, pid 4242, up 7 h 20 min).",
                "Pacing day 2026-11-25, begun at 04:00 · state in /home/ana/.local/state/pace",
            ])
    }

    @Test func advancingAStatusGrowsTheRunningActivityOnly() {
        let status = CLIFixtures.status(activity: CLIFixtures.walking)
        let later = status.advanced(to: CLIFixtures.nowInstant.adding(seconds: 90))
        #expect(later.activity?.durationSeconds == 810)
        #expect(later.activity?.points == status.activity?.points)
        #expect(later.left == status.left)
        #expect(later.now == "2026-11-25T13:21:30Z")
        #expect(status.advanced(to: CLIFixtures.nowInstant.adding(seconds: -5)) == status)
    }
}

/// Colour and Unicode follow the terminal, `NO_COLOR`, `TERM=dumb`, the locale and `--ascii`.
@Suite struct CLIOutputSettingsTests {
    @Test func colourOnlyOnATerminalWithoutNoColor() {
        let utf8 = ["LANG": "en_GB.UTF-8", "TERM": "xterm-256color"]
        #expect(OutputSettings.resolve(environment: utf8, outputIsTerminal: true, forceASCII: false).style.enabled)
        #expect(!OutputSettings.resolve(environment: utf8, outputIsTerminal: false, forceASCII: false).style.enabled)
        var noColor = utf8
        noColor["NO_COLOR"] = "1"
        #expect(!OutputSettings.resolve(environment: noColor, outputIsTerminal: true, forceASCII: false).style.enabled)
        noColor["NO_COLOR"] = ""
        #expect(OutputSettings.resolve(environment: noColor, outputIsTerminal: true, forceASCII: false).style.enabled)
        var dumb = utf8
        dumb["TERM"] = "dumb"
        #expect(!OutputSettings.resolve(environment: dumb, outputIsTerminal: true, forceASCII: false).style.enabled)
    }

    @Test(arguments: [
        ([String: String](), false), (["LANG": "C"], false), (["LANG": "C.UTF-8"], true),
        (["LANG": "en_US.utf8"], true), (["LANG": "de_DE.ISO-8859-1"], false), (["LC_CTYPE": "UTF-8"], true),
        (["LANG": "en_US.UTF-8", "LC_ALL": "C"], false), (["LANG": "C", "LC_CTYPE": "fr_FR.UTF-8"], true),
        (["LANG": "C", "LC_ALL": ""], false), (["LANG": "en_US.UTF-8", "LC_ALL": ""], true),
        (["LANG": "en_US.Utf_8"], true), (["LANG": "utf8x"], false), (["LANG": "en_US.UTF-8@euro"], true),
        (["LANG": "tr_TR.İSO-8859-9"], false), (["LANG": "en_US.U-T-F-8"], true),
    ])
    func unicodeFollowsTheLocaleTheCLibraryWouldPick(environment: [String: String], unicode: Bool) {
        #expect(OutputSettings.localeIsUTF8(environment) == unicode)
        let settings = OutputSettings.resolve(environment: environment, outputIsTerminal: false, forceASCII: false)
        #expect(settings.glyphs == (unicode ? .unicode : .ascii))
    }

    @Test func asciiFlagWinsOverAUTF8Locale() {
        let settings = OutputSettings.resolve(
            environment: ["LANG": "C.UTF-8"], outputIsTerminal: true, forceASCII: true)
        #expect(settings.glyphs == .ascii)
        let every = Mirror(reflecting: Glyphs.ascii).children.compactMap { $0.value as? String }.joined()
        #expect(every.unicodeScalars.allSatisfy { $0.isASCII })
    }
}

/// `pace watch`: status lines stamped with the time, reminders with their body and the answers they take.
@Suite struct CLIWatchTextTests {
    @Test func statusLinesAreStampedWithTheLocalTime() {
        #expect(
            WatchText.status(CLIFixtures.status(), zone: CLIFixtures.zone, settings: .plainUnicode)
                == "14:20  ▓▓▓▓▓▓░░░░  62 of 110 points left (≈ 34 min walking)")
    }

    @Test func aReminderSaysWhatItIsAndHowToAnswerIt() {
        let reminder = PaceAPI.Reminder(
            id: "bout:1795612080000", kind: "bout", summary: "20 min walking: time to rest",
            body: "A rest now keeps tomorrow open. Stop, snooze 5 min, or start a rest.",
            actions: ["stop", "snooze", "startRest"], dueAt: "2026-11-25T13:28:00Z")
        #expect(
            WatchText.reminder(reminder, zone: CLIFixtures.zone, settings: .plainUnicode) == [
                "14:28  reminder: 20 min walking: time to rest",
                "       A rest now keeps tomorrow open. Stop, snooze 5 min, or start a rest.",
                "       `pace answer stop|snooze|rest` answers it.",
            ])
        var prompt = reminder
        prompt.actions = []
        prompt.body = ""
        #expect(WatchText.reminder(prompt, zone: CLIFixtures.zone, settings: .plainUnicode).count == 1)
    }
}

/// `pace status --format waybar` and `pace waybar`.
@Suite struct CLIWaybarTests {
    @Test func activeStatusBecomesOneJSONLine() throws {
        let status = CLIFixtures.status(activity: CLIFixtures.walking, nextReminderAt: "2026-11-25T13:28:00Z")
        let line = try JSONOutput.line(WaybarOutput.from(status, zone: CLIFixtures.zone))
        #expect(
            line
                == #"{"alt":"active","class":["normal","active"],"percentage":56,"text":"walking 12 min · 62 left","tooltip":"62 of 110 points left (≈ 34 min walking)\nwalking 12 min\nrest due in 8 min"}"#
        )
        #expect(!line.contains("\u{1B}"))
    }

    @Test func classesListEveryStateForCSS() {
        let rest = PaceAPI.Rest(
            startedAt: "2026-11-25T13:15:00Z", plannedSeconds: nil, elapsedSeconds: 300, enoughAt: nil)
        let output = WaybarOutput.from(
            CLIFixtures.status(
                mode: .flare, provisional: true, budget: 55, used: 60, rest: rest, snoozedUntil: "2026-11-25T14:00:00Z"),
            zone: CLIFixtures.zone)
        #expect(output.class == ["flare", "resting", "snoozed", "low", "over", "provisional"])
        #expect(output.alt == "resting")
        #expect(output.text == "resting 5 min · 0 left")
        #expect(output.percentage == 0)
    }

    @Test func theFirstMinuteShowsNoSeconds() {
        var activity = CLIFixtures.walking
        activity.durationSeconds = 4
        #expect(
            WaybarOutput.from(CLIFixtures.status(activity: activity), zone: CLIFixtures.zone).text
                == "walking · 62 left")
    }

    @Test func pangoMarkupIsEscaped() {
        var activity = CLIFixtures.walking
        activity.label = "<b>tea & cake</b>"
        let output = WaybarOutput.from(CLIFixtures.status(activity: activity), zone: CLIFixtures.zone)
        #expect(output.text == "&lt;b&gt;tea &amp; cake&lt;/b&gt; 12 min · 62 left")
        #expect(!output.tooltip.contains("<"))
    }

    @Test func unavailableSaysSoInTheBar() throws {
        let line = try JSONOutput.line(WaybarOutput.unavailable("paced is not running"))
        #expect(
            line
                == #"{"alt":"unavailable","class":["unavailable"],"percentage":0,"text":"pace off","tooltip":"paced is not running"}"#
        )
    }

    @Test func printerRedrawsARunningActivityAndNeverRepeatsALine() {
        // The printer writes to standard output; what matters here is what it decides to draw.
        let status = CLIFixtures.status(activity: CLIFixtures.walking)
        let later = status.advanced(to: CLIFixtures.nowInstant.adding(seconds: 120))
        #expect(
            WaybarOutput.from(later, zone: CLIFixtures.zone).text
                != WaybarOutput.from(status, zone: CLIFixtures.zone).text)
        #expect(WaybarOutput.from(later, zone: CLIFixtures.zone).text == "walking 14 min · 62 left")
    }
}

/// `--json` prints the reply's parameters: sorted keys, nulls left out, so scripts can rely on the shape.
@Suite struct CLIJSONShapeTests {
    @Test func statusReplyShape() throws {
        let reply = PaceAPI.GetStatus.Reply(
            status: CLIFixtures.status(activity: CLIFixtures.walking, nextReminderAt: "2026-11-25T13:28:00Z"))
        #expect(
            try JSONOutput.render(reply) == """
                {
                  "status" : {
                    "activity" : {
                      "durationSeconds" : 720,
                      "intensity" : "moderate",
                      "kind" : "walk",
                      "label" : "walking",
                      "limitAt" : "2026-11-25T13:28:00Z",
                      "points" : 21.6,
                      "startedAt" : "2026-11-25T13:08:00Z"
                    },
                    "base" : 110,
                    "budget" : 110,
                    "calibrationDaysNeeded" : 7,
                    "calibrationDaysRecorded" : 7,
                    "dayStartHour" : 4,
                    "left" : 62,
                    "leftMinutes" : 34,
                    "mode" : "normal",
                    "nextReminderAt" : "2026-11-25T13:28:00Z",
                    "now" : "2026-11-25T13:20:00Z",
                    "over" : 0,
                    "pacingDay" : "2026-11-25",
                    "pid" : 4242,
                    "provisional" : false,
                    "referenceActivity" : "walk",
                    "referenceLabel" : "walking",
                    "startedAt" : "2026-11-25T06:00:00Z",
                    "stateDirectory" : "/home/ana/.local/state/pace",
                    "used" : 48,
                    "version" : "0.1.0"
                  }
                }
                """)
    }

    @Test func streamsAreOneObjectPerLine() throws {
        let reply = PaceAPI.Watch.Reply(status: CLIFixtures.status())
        let line = try JSONOutput.line(reply)
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix(#"{"status":{"base":110,"budget":110,"calibrationDaysNeeded":7,"#))
    }

    @Test func doctorShape() throws {
        let json = DoctorReport.JSON(
            checks: [
                DoctorResult(name: "units", outcome: .warning, detail: "not installed", fix: "run `make install`")
            ],
            healthy: true)
        #expect(
            try JSONOutput.line(json)
                == #"{"checks":[{"detail":"not installed","fix":"run `make install`","name":"units","outcome":"warning"}],"healthy":true}"#
        )
    }
}
