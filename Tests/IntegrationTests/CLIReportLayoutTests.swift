import Foundation
import PaceCore
import PaceProtocol
import Testing

@testable import pace

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `pace report` read back as XML (issue 21, item 7): no text runs off the page or into other text, today is
/// drawn as unfinished and counted in no average, and each rating has its own labelled panel.
@Suite struct CLIReportLayoutTests {
    static func render(_ days: [PaceAPI.Day], heartRate: [PaceAPI.HeartRateDay] = []) -> String {
        ReportSVG.render(
            days, heartRate: heartRate, generatedAt: CLIFixtures.nowInstant, zone: CLIFixtures.zone, version: "0.1.0")
    }

    /// Heart-rate minutes for most of `days` (every fourth has none), up to a whole day of them.
    static func heartRate(_ days: [PaceAPI.Day]) -> [PaceAPI.HeartRateDay] {
        days.enumerated().compactMap { index, day in
            index % 4 == 2
                ? nil
                : PaceAPI.HeartRateDay(
                    date: day.date, minutes: index == 3 ? 1440 : 300 + (index * 97) % 900,
                    minutesAbove: (index * 13) % 60)
        }
    }

    /// `count` days up to today (2026-11-25, the fixtures' now), with every rating, notes, flares, days without a
    /// record and a provisional first week: the longest summary and the busiest panels.
    static func days(_ count: Int, ratings: Bool = true, today: Bool = true) -> [PaceAPI.Day] {
        let last = CivilDate(year: 2026, month: 11, day: 25)
        return (0..<count).map { index in
            let date = last.adding(days: index - count + 1)
            let flare = index % 11 == 5
            let checkIns =
                ratings && index % 3 != 1
                ? [
                    PaceAPI.CheckInRecord(
                        at: "\(date.iso8601)T07:30:00Z", energy: 3 + index % 5, fatigue: 7 - index % 4,
                        pain: 2 + index % 6, sleep: 4 + index % 5, stress: 6 - index % 3, note: "slept badly")
                ]
                : []
            return CLIFixtures.day(
                date.iso8601, budget: flare ? 55 : 94, used: Double(40 + (index * 37) % 120), flare: flare,
                mode: flare ? .flare : .normal, provisional: index < 7, checkIns: checkIns,
                recorded: index % 9 != 4, today: today && index == count - 1)
        }
    }

    @Test(arguments: [1, 7, 28, 90], [true, false])
    func everyLineOfTextFitsThePageAndNoneOverlaps(count: Int, ratings: Bool) throws {
        let days = Self.days(count, ratings: ratings)
        try Self.expectEverythingFits(try SVGDocument(Self.render(days)))
        // With the heart-rate panel too.
        try Self.expectEverythingFits(try SVGDocument(Self.render(days, heartRate: Self.heartRate(days))))
    }

    /// No text runs off the page or into other text, and no shape runs off the page.
    fileprivate static func expectEverythingFits(_ svg: SVGDocument) throws {
        for shape in svg.elements where shape.name == "rect" && shape.attributes["width"] != "100%" {
            guard let y = shape.number("y"), let height = shape.number("height") else { continue }
            #expect(y >= 0 && y + height <= svg.height, "a rect runs off the page: \(shape.attributes)")
        }
        let lines = svg.textLines
        #expect(lines.count > 10)
        for line in lines {
            #expect(line.left >= 0 && line.right <= svg.width, "\(line.text) runs off the side: \(line)")
            #expect(line.y - line.fontSize >= 0 && line.y <= svg.height, "\(line.text) runs off the page")
        }
        for (index, line) in lines.enumerated() {
            for other in lines[(index + 1)...] where abs(other.y - line.y) < max(line.fontSize, other.fontSize) {
                #expect(other.right <= line.left || line.right <= other.left, "\(line.text) overlaps \(other.text)")
            }
        }
    }

    /// Heart-rate minutes (a sensor configured): a panel of a bar a day, the minutes above the threshold over the
    /// foot of the minutes with a reading, between the use chart and the ratings; the day's tooltip, the summary
    /// and the HTML table say the figures.
    @Test func heartRateMinutesHaveTheirOwnPanel() throws {
        let days = Self.days(28)
        let heartRate = Self.heartRate(days)
        let svg = try SVGDocument(Self.render(days, heartRate: heartRate))
        let groups = svg.elements.filter { $0.name == "g" && $0.attributes["class"] == "heart-rate" }
        #expect(groups.map { $0.attributes["data-date"] } == heartRate.map(\.date))
        let heading = try #require(svg.textLines.first { $0.text.hasPrefix("Heart rate, minutes a day") })
        let ratingsHeading = try #require(svg.textLines.first { $0.text.hasPrefix("Check-in ratings") })
        let budgetScale = try #require(svg.textLines.first { $0.text.hasPrefix("Effort points a day") })
        #expect(budgetScale.y < heading.y && heading.y < ratingsHeading.y)
        for (group, figures) in zip(groups, heartRate) {
            let inside = svg.elements.filter { $0.ancestors.contains(group.index) }
            #expect(
                inside.first { $0.name == "title" }?.text.hasSuffix(
                    ": \(figures.minutes) min of heart rate, \(figures.minutesAbove) above the threshold") == true)
            let bars = inside.filter { $0.name == "rect" }
            let worn = try #require(bars.first { $0.attributes["fill"] == ReportSVG.heartRateColour })
            let wornHeight = try #require(worn.number("height"))
            #expect(wornHeight > 0 && (worn.number("y") ?? 0) > heading.y)
            if figures.minutesAbove > 0 {
                let above = try #require(bars.first { $0.attributes["fill"] == ReportSVG.aboveColour })
                #expect((above.number("height") ?? .infinity) < wornHeight)
                // Both stand on the same foot.
                #expect(
                    abs(
                        ((above.number("y") ?? 0) + (above.number("height") ?? 0))
                            - ((worn.number("y") ?? 0) + wornHeight))
                        < 0.11)
            }
        }
        let dayGroup = try #require(
            svg.elements.first {
                $0.name == "g" && $0.attributes["data-date"] == days[3].date && $0.attributes["class"] == "day"
            })
        #expect(
            svg.elements.first { $0.name == "title" && $0.ancestors.contains(dayGroup.index) }?.text.contains(
                "1440 min of heart rate") == true)
        let sentence = ReportSummary(days, heartRate: ReportSVG.heartRateByDate(heartRate, days: days)).sentence
        #expect(sentence.contains(" · 20 days with heart rate, on average "), "\(sentence)")
        #expect(svg.elements.contains { $0.name == "text" && $0.text == "minutes above the heart-rate threshold" })

        let html = ReportHTML.render(
            days, heartRate: heartRate, generatedAt: CLIFixtures.nowInstant, zone: CLIFixtures.zone, version: "0.1.0")
        #expect(html.contains("<th>heart rate min</th>"))
        #expect(html.contains("<td>\(heartRate[0].minutes)</td>\n          <td>\(heartRate[0].minutesAbove)</td>"))
        // Without heart-rate minutes, none of it.
        let plain = try SVGDocument(Self.render(days))
        #expect(!plain.elements.contains { $0.attributes["class"] == "heart-rate" })
        #expect(
            !ReportHTML.render(
                days, generatedAt: CLIFixtures.nowInstant, zone: CLIFixtures.zone, version: "0.1.0"
            ).contains("heart rate"))
    }

    @Test func theSummaryIsWrappedIntoLinesThatSayAllOfIt() throws {
        let days = Self.days(28)
        let svg = try SVGDocument(Self.render(days))
        let sentence = ReportSummary(days).sentence
        #expect(sentence.hasSuffix("sleep 5.9, stress 5 · today so far not counted"), "\(sentence)")
        let summary = try #require(svg.textLines.filter { $0.text.hasPrefix("27 days, ") }.first)
        let paragraph = svg.textLines.filter { $0.element == summary.element }
        #expect(paragraph.count == 2)
        #expect(paragraph.map(\.text).joined(separator: " ") == sentence)
    }

    @Test func todayIsDrawnAsSoFarAndCountsInNoAverage() throws {
        let finished = (0..<6).map { index in
            CLIFixtures.day(
                "2026-11-\(19 + index)", used: 100, checkIns: [.init(at: "2026-11-\(19 + index)T07:00:00Z", energy: 6)])
        }
        let today = CLIFixtures.day(
            "2026-11-25", used: 20, flare: true, mode: .flare,
            checkIns: [.init(at: "2026-11-25T07:00:00Z", energy: 2, flare: true)], today: true)
        let days = finished + [today]
        #expect(
            ReportSummary(days).sentence
                == "6 days · on average 100 of 110 points used a day · 0 flare days · 6 days with a check-in, "
                + "on average energy 6 · today so far not counted")
        let svg = try SVGDocument(Self.render(days))
        let group = try #require(svg.elements.first { $0.name == "g" && $0.attributes["data-date"] == "2026-11-25" })
        #expect(group.attributes["class"] == "day today")
        let inside = svg.elements.filter { $0.ancestors.contains(group.index) }
        #expect(inside.contains { $0.name == "rect" && $0.attributes["fill"] == "url(#today-used)" })
        #expect(inside.contains { $0.name == "text" && $0.text == "today, so far" })
        #expect(inside.contains { $0.name == "title" && $0.text.hasPrefix("2026-11-25 (today, so far) · used 20") })
        #expect(svg.elements.contains { $0.name == "pattern" && $0.attributes["id"] == "today-used" })
        // Finished days are filled as before, and today's rating is an open dot.
        let finishedGroup = try #require(
            svg.elements.first { $0.name == "g" && $0.attributes["data-date"] == "2026-11-24" })
        #expect(
            svg.elements.contains {
                $0.name == "rect" && $0.ancestors.contains(finishedGroup.index)
                    && $0.attributes["fill"] == ReportSVG.usedColour
            })
        let dots = svg.elements.filter { $0.name == "circle" }
        #expect(dots.filter { $0.attributes["fill"] == "#ffffff" }.count == 1)

        let html = ReportHTML.render(
            days, generatedAt: CLIFixtures.nowInstant, zone: CLIFixtures.zone, version: "0.1.0")
        let row = try #require(html.components(separatedBy: "<tr class=\"flare today\">").dropFirst().first)
        #expect(row.hasPrefix("\n          <td>2026-11-25</td>\n          <td>20 so far</td>"))
        #expect(ReportSummary([today]).sentence == "Only today so far: nothing to average yet")
    }

    @Test func eachRatingGivenHasItsOwnPanelSayingWhichWayIsBetter() throws {
        let svg = try SVGDocument(Self.render(Self.days(14)))
        let panels = svg.elements.filter { $0.name == "g" && $0.attributes["class"] == "rating" }
        #expect(panels.map { $0.attributes["data-rating"] } == ["energy", "fatigue", "pain", "sleep", "stress"])
        let labels = [
            "energy: higher is better (5 = usual)", "fatigue: higher is worse", "pain: higher is worse",
            "sleep: higher is better", "stress: higher is worse",
        ]
        var above = 0.0
        for (panel, label) in zip(panels, labels) {
            let inside = svg.elements.filter { $0.ancestors.contains(panel.index) }
            let texts = inside.filter { $0.name == "text" }.map(\.text)
            #expect(texts.first == label)
            #expect(Set(texts.dropFirst()) == ["0", "5", "10"])
            #expect(inside.first { $0.name == "title" }?.text.hasPrefix(label + ", 0 to 10: ") == true)
            // One dot a day the rating was given, and the panels one under another.
            #expect(inside.filter { $0.name == "circle" }.count == 9)
            let top = inside.compactMap { $0.number("y") ?? $0.number("y1") }.min() ?? 0
            let bottom = inside.compactMap { $0.number("y1") }.max() ?? 0
            #expect(top > above)
            above = bottom
        }

        let twoRatings = try SVGDocument(Self.render(CLIFixtures.twoWeeks))
        let given = twoRatings.elements.filter { $0.name == "g" && $0.attributes["class"] == "rating" }
        #expect(given.map { $0.attributes["data-rating"] } == ["energy", "pain"])
        let noRatings = try SVGDocument(Self.render(Self.days(7, ratings: false)))
        #expect(!noRatings.elements.contains { $0.attributes["class"] == "rating" })
        #expect(!noRatings.textLines.contains { $0.text.hasPrefix("Check-in ratings") })
    }

    /// Each rating's colour reads as text on white (WCAG contrast 4.5:1) and is far (CIE76 ΔE at least 25) from
    /// the others and from the bars' blue and amber.
    @Test func ratingColoursAreReadableAndTellApart() throws {
        let ratings = RatingColumn.all.map { ReportSVG.ratingColours[$0.name] }
        #expect(!ratings.contains(nil))
        let colours = ratings.compactMap { $0 }
        for colour in colours { #expect(try Colour(colour).contrastOnWhite >= 4.5, "\(colour)") }
        let all = colours + [ReportSVG.usedColour, ReportSVG.beyondColour]
        for (index, one) in all.enumerated() {
            for other in all[(index + 1)...] {
                #expect(try Colour(one).distance(to: Colour(other)) >= 25, "\(one) and \(other)")
            }
        }
    }
}

/// An sRGB colour, for the contrast and the distance of two colours.
private struct Colour {
    var red, green, blue: Double

    init(_ hex: String) throws {
        let value = try #require(UInt32(hex.dropFirst(), radix: 16))
        red = Double(value >> 16 & 0xff) / 255
        green = Double(value >> 8 & 0xff) / 255
        blue = Double(value & 0xff) / 255
    }

    private var linear: (Double, Double, Double) {
        func channel(_ value: Double) -> Double {
            value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return (channel(red), channel(green), channel(blue))
    }

    /// WCAG 2 contrast ratio against white.
    var contrastOnWhite: Double {
        let (r, g, b) = linear
        return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)
    }

    /// CIELAB under D65.
    private var lab: (Double, Double, Double) {
        let (r, g, b) = linear
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    /// CIE76 ΔE.
    func distance(to other: Colour) -> Double {
        let (l1, a1, b1) = lab
        let (l2, a2, b2) = other.lab
        return ((l1 - l2) * (l1 - l2) + (a1 - a2) * (a1 - a2) + (b1 - b2) * (b1 - b2)).squareRoot()
    }
}

/// An SVG parsed with XMLParser: its elements in document order, each with its inherited presentation attributes,
/// and its lines of text with their estimated extent.
private struct SVGDocument {
    struct Element {
        var index: Int
        var name: String
        var attributes: [String: String]
        /// Attributes as inherited: font-size, font-weight and text-anchor from the enclosing elements.
        var inherited: [String: String]
        var ancestors: [Int]
        var text = ""

        func number(_ name: String) -> Double? { attributes[name].flatMap(Double.init) }
    }

    /// One line of text as drawn: where it starts and ends, estimated from its length in DejaVu Sans (0.62 em a
    /// character, 0.68 em bold), and its baseline.
    struct Line: CustomStringConvertible {
        var element: Int
        var text: String
        var left: Double
        var right: Double
        var y: Double
        var fontSize: Double
        var description: String { "x \(left)...\(right), y \(y)" }
    }

    let elements: [Element]
    /// The size of the view box.
    let width: Double
    let height: Double

    init(_ text: String) throws {
        let parser = XMLParser(data: Data(text.utf8))
        let reader = Reader()
        parser.delegate = reader
        let parsed = parser.parse()
        try #require(parsed, "\(parser.parserError.map(String.init(describing:)) ?? "")")
        let viewBox = try #require(
            reader.elements.first?.attributes["viewBox"]?.split(separator: " ").compactMap { Double($0) })
        try #require(viewBox.count == 4)
        elements = reader.elements
        width = viewBox[2]
        height = viewBox[3]
    }

    /// Every line of text: a `<text>` without `<tspan>`s is one line, each `<tspan>` with an `x` starts one.
    var textLines: [Line] {
        var lines: [Line] = []
        for text in elements where text.name == "text" {
            let spans = elements.filter { $0.name == "tspan" && $0.ancestors.last == text.index }
            var y = text.number("y") ?? 0
            for span in spans.isEmpty ? [text] : spans {
                y += span.index == text.index ? 0 : span.number("dy") ?? 0
                let size = Double(span.inherited["font-size"] ?? "12") ?? 12
                let bold = span.inherited["font-weight"] == "bold"
                let extent = Double(span.text.count) * size * (bold ? 0.68 : 0.62)
                let x = span.number("x") ?? text.number("x") ?? 0
                let left: Double
                switch span.inherited["text-anchor"] {
                case "middle": left = x - extent / 2
                case "end": left = x - extent
                default: left = x
                }
                lines.append(
                    Line(element: text.index, text: span.text, left: left, right: left + extent, y: y, fontSize: size))
            }
        }
        return lines
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            var inherited = open.last.map { elements[$0].inherited } ?? [:]
            for key in ["font-size", "font-weight", "text-anchor"] {
                if let value = attributes[key] { inherited[key] = value }
            }
            elements.append(
                Element(
                    index: elements.count, name: name, attributes: attributes, inherited: inherited, ancestors: open))
            open.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let current = open.removeLast()
            elements[current].text = elements[current].text.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard let current = open.last else { return }
            elements[current].text += string
        }
    }
}
