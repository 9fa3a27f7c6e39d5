import Foundation
import PaceCore
import PaceProtocol
import Testing

@testable import pace

/// `pace history`, `pace report`, `pace why`, `pace kinds`: fixed replies, fixed output.
@Suite struct CLIHistoryTextTests {
    @Test func twoWeeksReadAsAChartWithAWeeklyLine() {
        let lines = HistoryText.render(CLIFixtures.twoWeeks, settings: .plainUnicode)
        #expect(
            lines == [
                "            used of budget               points         energy  pain",
                "Mon 9 Nov   ██████████░░░░░░░░░        60 / 110              5     4",
                "Tue 10 Nov  ████████████████░░░        95 / 110              ·     ·",
                "Wed 11 Nov  ███████████████████▓▓▓    130 / 110              5     4",
                "Thu 12 Nov  ███████████████████▓▓▓▓▓  140 / 110              ·     ·",
                "Fri 13 Nov  █████░░░░                   30 / 55  flare       2     8",
                "Sat 14 Nov  ███████░░                   40 / 55  flare       ·     ·",
                "Sun 15 Nov  ████████████░░░░░░░        70 / 110              5     4",
                "  week of 9 Nov: 565 of 660 points used (86 %) · 4 h 42 min active · 2 flare days · "
                    + "on average energy 4.3, pain 5",
                "",
                "Mon 16 Nov  ██████████████░░░░░        80 / 110              ·     ·",
                "Tue 17 Nov  █████████████████░░       100 / 110              5     4",
                "Wed 18 Nov  ███████████████░░░░        90 / 110              ·     ·",
                "Thu 19 Nov  ██████████░░░░░░░░░        60 / 110              5     4",
                "Fri 20 Nov  █████████████░░░░░░        75 / 110              ·     ·",
                "Sat 21 Nov  ███████████████████       110 / 110              5     4",
                "Sun 22 Nov  ███████████████░░░░        85 / 110              ·     ·",
                "  week of 16 Nov: 600 of 770 points used (78 %) · 4 h 59 min active · on average energy 5, pain 4",
            ])
    }

    @Test func everyDayAskedForHasItsRow() {
        let lines = HistoryText.render(CLIFixtures.twoWeeks, settings: .plainASCII)
        for day in CLIFixtures.twoWeeks {
            let date = CivilDate(iso8601: day.date)!
            #expect(lines.filter { $0.hasPrefix(ClockText.shortDate(date) + " ") }.count == 1)
        }
        #expect(lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func weekStartingMidwayStillGetsItsSummary() {
        let days = Array(CLIFixtures.twoWeeks[5...8])
        let summaries = HistoryText.render(days, settings: .plainUnicode).filter { $0.hasPrefix("  week of ") }
        #expect(summaries.count == 2)
        #expect(summaries[0].hasPrefix("  week of 9 Nov: 110 of 165 points used (67 %)"))
    }

    @Test func columnsOnlyForRatingsThatWereGiven() {
        let days = [
            CLIFixtures.day("2026-11-20", used: 50, checkIns: [.init(fatigue: 6, sleep: 3)]),
            CLIFixtures.day("2026-11-21", used: 70, mode: .calibrating, provisional: true),
        ]
        let lines = HistoryText.render(days, settings: .plainUnicode)
        #expect(lines[0].hasSuffix("fatigue  sleep"))
        #expect(lines[2].contains("provisional"))
        #expect(!lines[0].contains("energy"))
    }

    @Test func severalCheckInsADayShowTheLastRatingOfEach() throws {
        let day = CLIFixtures.day(
            "2026-11-20", used: 50,
            checkIns: [
                .init(at: "2026-11-20T07:00:00Z", energy: 3, pain: 5, note: "slow start"),
                .init(at: "2026-11-20T19:00:00Z", pain: 7, flare: false, note: "better by noon"),
            ])
        let combined = try #require(day.checkIn)
        #expect(combined.energy == 3)
        #expect(combined.pain == 7)
        #expect(combined.flare == false)
        #expect(combined.note == "slow start / better by noon")
        #expect(combined.at == "2026-11-20T19:00:00Z")
        #expect(CLIFixtures.day("2026-11-21", used: 0).checkIn == nil)
        let lines = HistoryText.render([day], settings: .plainUnicode)
        #expect(lines[0].hasSuffix("energy  pain"))
        #expect(lines[1].hasSuffix("3     7"))
    }

    @Test func aDayWithNothingRecordedIsUnknownNotUnused() {
        let days = [
            CLIFixtures.day("2026-11-23", used: 60),
            CLIFixtures.day("2026-11-24", used: 0, recorded: false),
            CLIFixtures.day("2026-11-25", used: 20, today: true),
        ]
        let lines = HistoryText.render(days, settings: .plainUnicode)
        #expect(
            lines == [
                "            used of budget              points",
                "Mon 23 Nov  █████████████░░░░░░░░░░░  60 / 110",
                "Tue 24 Nov  ░░░░░░░░░░░░░░░░░░░░░░░░   0 / 110  no record",
                "Wed 25 Nov  ████░░░░░░░░░░░░░░░░░░░░  20 / 110",
                "  week of 23 Nov: 80 of 220 points used (36 %) on the days recorded (1 without) · 40 min active",
            ])
    }

    @Test func aWeekWithoutActivitySaysSoNotZeroSeconds() {
        let days = [CLIFixtures.day("2026-11-23", used: 0), CLIFixtures.day("2026-11-24", used: 1)]
        let summary = HistoryText.render(days, settings: .plainUnicode).last ?? ""
        #expect(summary.hasSuffix("· no activity"), "\(summary)")
        #expect(!summary.contains("0 s"))
    }

    @Test func noDaysSaysSo() {
        #expect(HistoryText.render([], settings: .plainUnicode) == ["No history for those days."])
    }

    @Test func barsShareOneScaleSoDaysCompare() {
        let settings = OutputSettings.plainASCII
        #expect(HistoryText.bar(used: 50, budget: 100, scale: 200, settings: settings) == "######......            ")
        #expect(HistoryText.bar(used: 150, budget: 100, scale: 200, settings: settings) == "############++++++      ")
        #expect(HistoryText.bar(used: 0, budget: 100, scale: 100, settings: settings) == "........................")
        #expect(HistoryText.bar(used: 0.5, budget: 100, scale: 100, settings: settings).hasPrefix("#."))
    }
}

@Suite struct CLIReportTests {
    let svg = ReportSVG.render(
        CLIFixtures.twoWeeks, generatedAt: CLIFixtures.nowInstant, zone: CLIFixtures.zone, version: "0.1.0")

    @Test func everyDayIsAGroupNamedByItsDate() {
        for day in CLIFixtures.twoWeeks {
            #expect(svg.contains("data-date=\"\(day.date)\""))
            #expect(svg.contains("<title>\(day.date) · used "))
        }
        #expect(svg.components(separatedBy: "<g class=\"day\"").count == 15)
    }

    @Test func headlineSummarisesWithoutJudging() {
        #expect(svg.contains("Activity and budget, 9 Nov 2026 – 22 Nov 2026"))
        #expect(
            svg.contains(
                "14 days · on average 83 of 102 points used a day · 2 flare days · 7 days with a check-in, on average energy 4.6, pain 4.6"
            ))
        for word in ["goal", "streak", "missed", "failed", "great job"] { #expect(!svg.lowercased().contains(word)) }
    }

    @Test func flareDaysAreShadedAndOveruseStandsOut() {
        #expect(svg.components(separatedBy: "fill=\"#f4dede\"").count - 1 == 2 + 1)  // two days and the legend
        #expect(svg.components(separatedBy: "fill=\"#e0a040\"").count - 1 == 2 + 1)
    }

    @Test func isWellFormedXML() throws {
        let parser = XMLWellFormedness(svg)
        #expect(parser.isWellFormed)
    }

    @Test func textIsEscaped() {
        var days = CLIFixtures.twoWeeks
        days[0].checkIns[0].note = "<script>alert(1)</script> & more"
        let text = ReportSVG.render(days, generatedAt: CLIFixtures.nowInstant, zone: CLIFixtures.zone, version: "0.1.0")
        #expect(!text.contains("<script>"))
        #expect(text.contains("note: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"))
    }

    @Test func htmlPageHoldsThePictureAndATableOfEveryDay() {
        let html = ReportHTML.render(
            CLIFixtures.twoWeeks, generatedAt: CLIFixtures.nowInstant, zone: CLIFixtures.zone, version: "0.1.0")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        for day in CLIFixtures.twoWeeks { #expect(html.contains("<td>\(day.date)</td>")) }
        #expect(html.components(separatedBy: "<tr class=\"flare\">").count - 1 == 2)
        #expect(XMLWellFormedness(html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")).isWellFormed)
    }

    @Test func emptyRangeStillMakesAPicture() {
        let empty = ReportSVG.render([], generatedAt: CLIFixtures.nowInstant, zone: CLIFixtures.zone, version: "0.1.0")
        #expect(empty.contains("No days to show."))
        #expect(XMLWellFormedness(empty).isWellFormed)
    }

    @Test(arguments: [(0.0, 5.0), (4, 5), (26, 50), (35, 50), (60, 100), (140, 200), (1100, 2000)])
    func scaleStepsAreRound(value: Double, step: Double) {
        #expect(ReportSVG.niceStep(value) == step)
    }
}

@Suite struct CLIExplanationAndKindsTests {
    static func explanation(
        provisional: Bool = false, provisionalSource: String? = nil, budget: Double = 88, base: Double = 110,
        energyFactor: Double = 0.8, energySource: String = "today", flare: String = "none", debt: Double = 0,
        trialIncreaseAvailable: Bool = false, sentences: [String]
    ) -> PaceAPI.Explanation {
        PaceAPI.Explanation(
            date: "2026-11-25", mode: provisional ? .calibrating : flare == "none" ? .normal : .flare,
            provisional: provisional, provisionalSource: provisionalSource,
            calibrationDaysRecorded: provisional ? 1 : 7,
            calibrationDaysNeeded: 7, budget: budget, base: base, energyFactor: energyFactor,
            energySource: energySource, flare: flare, flareMode: false, debt: debt, floor: provisional ? nil : 88,
            ceiling: provisional ? nil : 165, lastBaseChange: nil, growth: nil,
            trialIncreaseAvailable: trialIncreaseAvailable, sentences: sentences)
    }

    @Test func whySaysTheFiguresThenTheSentences() {
        let explanation = Self.explanation(
            trialIncreaseAvailable: true,
            sentences: [
                "Today's budget is 49 min of walking.",
                "You rated your energy 4 against a usual 5, so it is 80 % of your base of 61 min of walking.",
                "If you keep within your budget, your days cannot show that you could do more; you can ask for a "
                    + "small trial increase of 5 %.",
            ])
        #expect(
            ExplanationText.render(explanation, settings: .plainUnicode) == [
                "Today's budget: 88 points, base 110 × 0.8 for today's energy rating.",
                "",
                "Today's budget is 49 min of walking. You rated your energy 4 against a usual",
                "5, so it is 80 % of your base of 61 min of walking. If you keep within your",
                "budget, your days cannot show that you could do more; you can ask for a small",
                "trial increase of 5 %.",
                "",
                "To ask for a trial increase of 5 %, type `pace increase`.",
            ])
    }

    @Test func whyNamesTheFigureInForce() {
        func figures(_ explanation: PaceAPI.Explanation) -> String {
            ExplanationText.figures(explanation, settings: .plainASCII)
        }
        #expect(
            figures(Self.explanation(budget: 110, energyFactor: 1, energySource: "usual", sentences: [])) == "your base"
        )
        #expect(
            figures(Self.explanation(budget: 55, energyFactor: 0.8, flare: "reported", sentences: []))
                == "half your base of 110, for a flare day")
        #expect(
            figures(Self.explanation(budget: 33, energyFactor: 0.3, flare: "assumed", sentences: []))
                == "base 110 x 0.3 for today's energy rating")
        #expect(
            figures(Self.explanation(budget: 97, energyFactor: 0.9, energySource: "faded", debt: 2, sentences: []))
                == "base 110 x 0.9 for your last energy rating, less 2 of exertion debt")
    }

    @Test func inTheFirstWeekWhyPointsToTheBadDayQuestion() {
        let explanation = Self.explanation(
            provisional: true, provisionalSource: "builtIn", budget: 81, base: 81, energyFactor: 1,
            energySource: "usual", sentences: ["Pace is still learning your days: 1 of 7 recorded."])
        #expect(
            ExplanationText.render(explanation, settings: .plainUnicode) == [
                "Today's budget: 81 points, provisional (1 of 7 days recorded).",
                "",
                "Pace is still learning your days: 1 of 7 recorded.",
                "",
                "To answer \"what does a bad day allow?\", type `pace calibrate MINUTES`.",
            ])
        var answered = explanation
        answered.provisionalSource = "badDayAnswer"
        #expect(ExplanationText.render(answered, settings: .plainUnicode).count == 3)
    }

    @Test func kindsTableKeepsTheDaemonsOrderAndMarksYourOwn() {
        let kinds = [
            PaceAPI.ActivityKind(
                name: "walk", label: "walking", aliases: ["walking"], met: 2.8,
                pointsPerMinuteLight: 1.2399999999999998,
                pointsPerMinuteModerate: 1.7999999999999998, pointsPerMinuteVigorous: 2.5, builtIn: true),
            PaceAPI.ActivityKind(
                name: "cognitive", label: "cognitive effort", aliases: ["mental", "work", "reading"], met: nil,
                pointsPerMinuteLight: 0.3, pointsPerMinuteModerate: 0.6, pointsPerMinuteVigorous: 1, builtIn: true),
            PaceAPI.ActivityKind(
                name: "pottery", label: "pottery", aliases: [], met: 2.5, pointsPerMinuteLight: 1,
                pointsPerMinuteModerate: 1.5, pointsPerMinuteVigorous: 2.125, builtIn: false),
        ]
        #expect(
            KindsText.render(kinds, settings: .plainUnicode) == [
                "Effort points per minute, by intensity:",
                "",
                "kind       MET  light  moderate  vigorous  also",
                "walk       2.8   1.24       1.8       2.5  walking",
                "cognitive    ·    0.3       0.6         1  mental, work, reading",
                "pottery    2.5      1       1.5      2.13                         from your config",
            ])
        #expect(KindsText.render([], settings: .plainUnicode) == ["No activity kinds are defined."])
    }
}

/// Just enough XML checking to catch a missing close tag or a stray `<` or `&`: every tag closes in order and
/// every `&` starts an entity.
struct XMLWellFormedness {
    let isWellFormed: Bool

    init(_ text: String) {
        var stack: [Substring] = []
        var rest = Substring(text)
        var ok = true
        while ok, let open = rest.firstIndex(of: "<") {
            let before = rest[..<open]
            if before.contains("&") && !Self.entitiesAreValid(before) { ok = false }
            guard let close = rest[open...].firstIndex(of: ">") else {
                ok = false
                break
            }
            let tag = rest[rest.index(after: open)..<close]
            if tag.hasPrefix("/") {
                ok = stack.popLast() == tag.dropFirst()
            } else if !tag.hasSuffix("/") && !tag.hasPrefix("?") && !tag.hasPrefix("!") {
                let name = tag.prefix { !$0.isWhitespace }
                if name != "meta" { stack.append(name) }
            }
            rest = rest[rest.index(after: close)...]
        }
        isWellFormed = ok && stack.isEmpty
    }

    private static func entitiesAreValid(_ text: Substring) -> Bool {
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.firstIndex(of: ";"), after[..<semicolon].count <= 6,
                after[..<semicolon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "#" })
            else { return false }
            rest = after[after.index(after: semicolon)...]
        }
        return true
    }
}
