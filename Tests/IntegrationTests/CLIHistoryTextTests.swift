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
            CLIFixtures.day("2026-11-20", used: 50, checkIn: .init(fatigue: 6, sleep: 3)),
            CLIFixtures.day("2026-11-21", used: 70, mode: .calibrating, provisional: true),
        ]
        let lines = HistoryText.render(days, settings: .plainUnicode)
        #expect(lines[0].hasSuffix("fatigue  sleep"))
        #expect(lines[2].contains("provisional"))
        #expect(!lines[0].contains("energy"))
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
        days[0].checkIn?.note = "<script>alert(1)</script> & more"
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
    @Test func whySaysTheFiguresThenTheSentences() {
        let explanation = PaceAPI.Explanation(
            budget: 88, base: 110, energyFactor: 0.8, baseChangedOn: "2026-11-20",
            baseChangeReason: "you stayed inside the budget and still had a flare, so the base went down by 10 %",
            reasons: [.init(code: "energy", text: "This morning's energy was 3.")],
            text:
                "Your usual day is 110 points. This morning you rated your energy 3 of 10, a little below your usual, so today's budget is 80 % of that."
        )
        #expect(
            ExplanationText.render(explanation, settings: .plainUnicode) == [
                "Today's budget is 88 points (base 110 × 0.8 for this morning's energy).",
                "",
                "Your usual day is 110 points. This morning you rated your energy 3 of 10, a",
                "little below your usual, so today's budget is 80 % of that.",
                "",
                "The base last changed on 2026-11-20: you stayed inside the budget and still",
                "had a flare, so the base went down by 10 %",
            ])
    }

    @Test func whyFallsBackToTheReasons() {
        let explanation = PaceAPI.Explanation(
            budget: 110, base: 110, energyFactor: 1, baseChangedOn: nil, baseChangeReason: nil,
            reasons: [
                .init(code: "base", text: "Your usual day is 110 points."),
                .init(code: "energy", text: "No check-in yet."),
            ],
            text: "")
        #expect(
            ExplanationText.render(explanation, settings: .plainASCII) == [
                "Today's budget is 110 points (base 110).", "", "Your usual day is 110 points. No check-in yet.",
            ])
    }

    @Test func kindsTableSortsByCategoryAndMarksYourOwn() {
        let kinds = [
            PaceAPI.ActivityKind(
                name: "walking", category: "physical", met: 3.5, pointsPerMinuteLight: 2, pointsPerMinuteModerate: 2.5,
                pointsPerMinuteVigorous: 3.125, builtIn: true),
            PaceAPI.ActivityKind(
                name: "reading", category: "cognitive", met: 0, pointsPerMinuteLight: 0.4, pointsPerMinuteModerate: 0.5,
                pointsPerMinuteVigorous: 0.625, builtIn: true),
            PaceAPI.ActivityKind(
                name: "pottery", category: "physical", met: 2.5, pointsPerMinuteLight: 1.2,
                pointsPerMinuteModerate: 1.5, pointsPerMinuteVigorous: 1.875, builtIn: false),
        ]
        #expect(
            KindsText.render(kinds, settings: .plainUnicode) == [
                "Effort points per minute, by intensity:",
                "",
                "kind     category   MET  light  moderate  vigorous",
                "reading  cognitive    ·    0.4       0.5      0.63",
                "pottery  physical   2.5    1.2       1.5      1.88  from your config",
                "walking  physical   3.5      2       2.5      3.13",
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
