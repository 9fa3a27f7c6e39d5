import Testing

@testable import PaceCore

/// Apple Health's export.xml: its DTD of declarations skipped, records by type (not by time), each source a device.
@Suite struct AppleHealthReaderTests {
    static let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE HealthData [
        <!-- HealthKit Export Version: 13 -->
        <!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
        <!ATTLIST HealthData
          locale CDATA #REQUIRED
        >
        <!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
        ]>
        <HealthData locale="en_GB">
         <ExportDate value="2026-11-26 08:00:00 +0100"/>
         <Me HKCharacteristicTypeIdentifierDateOfBirth="1980-01-01"/>
         <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Anna’s Apple Watch" sourceVersion="11.1" \
        device="&lt;&lt;HKDevice: 0x283&gt;, name:Apple Watch&gt;" unit="count" creationDate="2026-11-25 10:10:00 +0100" \
        startDate="2026-11-25 10:00:00 +0100" endDate="2026-11-25 10:06:00 +0100" value="540"/>
         <Record type="HKQuantityTypeIdentifierStepCount" sourceName="Anna’s Apple Watch" unit="count" \
        startDate="2026-11-25 10:06:00 +0100" endDate="2026-11-25 10:08:00 +0100" value="180"/>
         <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Anna’s Apple Watch" unit="count/min" \
        startDate="2026-11-25 10:03:10 +0100" endDate="2026-11-25 10:03:10 +0100" value="96">
          <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="0"/>
         </Record>
         <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Anna’s Apple Watch" unit="count/min" \
        startDate="2026-11-25 10:03:40 +0100" endDate="2026-11-25 10:03:40 +0100" value="255"/>
         <Record type="HKQuantityTypeIdentifierBodyMass" sourceName="Scale" unit="kg" \
        startDate="2026-11-25 07:00:00 +0100" endDate="2026-11-25 07:00:00 +0100" value="70"/>
         <Workout workoutActivityType="HKWorkoutActivityTypeCycling" duration="12" durationUnit="min" \
        sourceName="Anna’s iPhone" startDate="2026-11-25 17:00:00 +0100" endDate="2026-11-25 17:12:00 +0100"/>
        </HealthData>
        """

    @Test func stepsHeartRateAndWorkoutsBecomeMinutesOfEachSource() throws {
        for chunk in [5, 64, 100_000] {
            var reader = TrackReaderTests.reader(Self.document, chunk: chunk)
            let tracks = try TrackReader.readAny(&reader)
            #expect(tracks.map(\.device) == ["Anna’s Apple Watch", "Anna’s iPhone"])
            let watch = Array(tracks[0].samples)
            #expect(watch.count == 8)
            #expect(watch.map(\.steps) == [90, 90, 90, 90, 90, 90, 90, 90])
            #expect(watch[3].heartRate == 96)
            #expect(watch.filter { $0.heartRate != nil }.count == 1)
            #expect(watch.first?.minute == (Timestamp.milliseconds("2026-11-25T09:00:00Z") ?? 0) / 60_000)
            let ride = Array(tracks[1].samples)
            #expect(ride.count == 12)
            #expect(ride.allSatisfy { $0.recorded && $0.kind == "cycling" })
        }
        // And the rule: an 8-minute walk at 90 steps a minute, a 12-minute ride.
        var reader = XMLPullReader(bytes: Array(Self.document.utf8))
        let rule = SampleBoutRule(resting: 60, threshold: 110, kindRates: ["cycling": 3.0])
        var bouts: [ImportedBout] = []
        for track in try TrackReader.readAny(&reader) {
            var finder = BoutFinder(device: track.device, rule: rule)
            for sample in track.samples { bouts += finder.add(sample) }
            if let bout = finder.finish() { bouts.append(bout) }
        }
        #expect(bouts.map(\.minutes) == [8, 12])
        #expect(bouts.map(\.kind) == [nil, "cycling"])
        #expect(bouts.map(\.pointsPerMinute) == [1.8, 3.0])
    }

    /// Two days of two sources: step counts every 10 minutes (a walk at 10:00 and at 17:30, each day), heart rates
    /// every 3 minutes, a cycling workout and one of no kind said; as records of one type after another.
    static func records() -> [(start: Int64, text: String)] {
        var records: [(start: Int64, text: String)] = []
        func stamp(_ minute: Int64) -> String {
            let day = CivilDate(daysSinceEpoch: floorDivide(minute, 1440)).iso8601
            let inDay = Int(minute - floorDivide(minute, 1440) * 1440)
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(day) \(two(inDay / 60)):\(two(inDay % 60)):00 +0000"
        }
        let first = (Timestamp.milliseconds("2026-11-24T00:00:00Z") ?? 0) / 60_000
        for source in ["Anna’s Apple Watch", "Anna’s iPhone"] {
            for minute in stride(from: first, to: first + 2880, by: 10) {
                let inDay = minute % 1440
                let walking = (600..<640).contains(inDay) || (1050..<1070).contains(inDay)
                let steps = walking ? 1050 + Int(minute % 7) * 10 : Int(minute % 40)
                records.append(
                    (
                        minute,
                        "<Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"\(source)\" unit=\"count\" startDate=\"\(stamp(minute))\" endDate=\"\(stamp(minute + 10))\" value=\"\(steps)\"/>"
                    ))
            }
        }
        for minute in stride(from: first, to: first + 2880, by: 3) {
            let walking = (600..<640).contains(minute % 1440)
            records.append(
                (
                    minute,
                    "<Record type=\"HKQuantityTypeIdentifierHeartRate\" sourceName=\"Anna’s Apple Watch\" unit=\"count/min\" startDate=\"\(stamp(minute))\" endDate=\"\(stamp(minute))\" value=\"\(walking ? 112 : 60 + Int(minute % 13))\"/>"
                ))
        }
        for (offset, type) in [(780, "HKWorkoutActivityTypeCycling"), (2220, "HKWorkoutActivityTypeOther")] {
            let minute = first + Int64(offset)
            records.append(
                (
                    minute,
                    "<Workout workoutActivityType=\"\(type)\" sourceName=\"Anna’s Apple Watch\" startDate=\"\(stamp(minute))\" endDate=\"\(stamp(minute + 25))\"/>"
                ))
        }
        return records
    }

    static func bouts(of records: [(start: Int64, text: String)]) throws -> [ImportedBout] {
        let document =
            "<HealthData locale=\"en_GB\">\n" + records.map(\.text).joined(separator: "\n") + "\n</HealthData>\n"
        var reader = TrackReaderTests.reader(document, chunk: 4096)
        let rule = SampleBoutRule(resting: 60, threshold: 110, kindRates: ["cycling": 3.0])
        var bouts: [ImportedBout] = []
        for track in try TrackReader.readAny(&reader) {
            var finder = BoutFinder(device: track.device, rule: rule)
            for sample in track.samples { bouts += finder.add(sample) }
            if let bout = finder.finish() { bouts.append(bout) }
        }
        return bouts
    }

    @Test func recordsInTypeOrderGiveTheSameBoutsAsInTimeOrder() throws {
        let byType = Self.records()
        let byTime = byType.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }
            .map(\.element)
        #expect(byTime.map(\.text) != byType.map(\.text))
        let expected = try Self.bouts(of: byType)
        // Both sources walk twice a day; the watch's two workouts are bouts whatever their numbers.
        #expect(expected.count == 10)
        #expect(expected.filter { $0.kind == "cycling" }.map(\.minutes) == [25])
        #expect(try Self.bouts(of: byTime) == expected)
        #expect(try Self.bouts(of: byType.reversed()) == expected)
    }

    @Test func anEntityInItsDTDIsRefused() {
        let laughs = Self.document.split(separator: "<!ELEMENT Record", maxSplits: 1).joined(
            separator: "<!ENTITY lol \"lol\"><!ELEMENT Record")
        var reader = XMLPullReader(bytes: Array(laughs.utf8))
        #expect(throws: XMLPullReader.Problem.self) { try TrackReader.readAny(&reader) }
    }
}
