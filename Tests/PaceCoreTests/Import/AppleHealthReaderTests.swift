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
            let watch = tracks[0].samples
            #expect(watch.count == 8)
            #expect(watch.map(\.steps) == [90, 90, 90, 90, 90, 90, 90, 90])
            #expect(watch[3].heartRate == 96)
            #expect(watch.filter { $0.heartRate != nil }.count == 1)
            #expect(watch.first?.minute == (Timestamp.milliseconds("2026-11-25T09:00:00Z") ?? 0) / 60_000)
            let ride = tracks[1].samples
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

    @Test func anEntityInItsDTDIsRefused() {
        let laughs = Self.document.split(separator: "<!ELEMENT Record", maxSplits: 1).joined(
            separator: "<!ENTITY lol \"lol\"><!ELEMENT Record")
        var reader = XMLPullReader(bytes: Array(laughs.utf8))
        #expect(throws: XMLPullReader.Problem.self) { try TrackReader.readAny(&reader) }
    }
}
