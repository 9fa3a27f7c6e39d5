import Testing

@testable import PaceCore

/// The XML reader of imports and the GPX and TCX readers on it: small files written here, and hostile ones.
@Suite struct TrackReaderTests {
    static func gpx(_ points: [(String, Int?)], type: String = "walking") -> String {
        let body = points.map { time, hr in
            let extensions =
                hr.map {
                    "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>\($0)</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>"
                }
                ?? ""
            return #"<trkpt lat="52.5" lon="13.4"><ele>34</ele><time>\#(time)</time>\#(extensions)</trkpt>"#
        }.joined(separator: "\n")
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <gpx version="1.1" creator="Garmin Forerunner 55" xmlns="http://www.topografix.com/GPX/1/1" \
            xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
            <!-- a comment & such -->
            <trk><name>Morning &amp; park</name><type>\(type)</type><trkseg>
            \(body)
            </trkseg></trk></gpx>
            """
    }

    /// A reader handing out the text `size` bytes at a time.
    static func reader(_ text: String, chunk size: Int) -> XMLPullReader {
        var bytes = Array(text.utf8)[...]
        return XMLPullReader {
            guard !bytes.isEmpty else { return nil }
            defer { bytes = bytes.dropFirst(size) }
            return Array(bytes.prefix(size))
        }
    }

    static func track(_ text: String, chunk: Int = 7) throws -> TrackReader.Track {
        var reader = reader(text, chunk: chunk)
        return try TrackReader.read(&reader)
    }

    @Test func aGPXTrackBecomesMinutesWithHeartRate() throws {
        let points = (0..<12).map {
            ("2026-11-25T10:\(String(format2: $0 / 2)):\($0 % 2 == 0 ? "05" : "35")Z", 100 + $0)
        }
        for chunk in [1, 3, 7, 64, 4096] {
            let track = try Self.track(Self.gpx(points), chunk: chunk)
            #expect(track.device == "Garmin Forerunner 55")
            #expect(Array(track.samples).count == 6)
            #expect(Array(track.samples).first?.heartRate == 101)
            #expect(track.samples.allSatisfy { $0.recorded && $0.kind == "walk" })
            #expect(
                Array(track.samples).first?.minute == (Timestamp.milliseconds("2026-11-25T10:00:00Z") ?? 0) / 60_000)
        }
    }

    @Test func pointsGoingBackwardsAreLeftOutAndCounted() throws {
        let points = [
            ("2026-11-25T10:00:00Z", 90), ("2026-11-25T10:01:00Z", 91), ("2026-11-25T09:00:00Z", 92),
            ("2026-11-25T10:02:00.500+00:00", 93),
        ]
        let track = try Self.track(Self.gpx(points.map { ($0.0, Optional($0.1)) }))
        #expect(track.backwards == 1)
        #expect(track.samples.map(\.heartRate) == [90, 91, 93])
    }

    @Test func zeroAnd255BeatsAreNoReading() throws {
        let points: [(String, Int?)] = [("2026-11-25T10:00:00Z", 0), ("2026-11-25T10:01:00Z", 255)]
        let track = try Self.track(Self.gpx(points))
        #expect(track.samples.map(\.heartRate) == [nil, nil])
    }

    @Test func aTCXActivityWithHeartRateBpm() throws {
        let text = """
            <?xml version="1.0"?>
            <TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
            <Activities><Activity Sport="Biking"><Id>2026-11-25T10:00:00Z</Id>
            <Lap StartTime="2026-11-25T10:00:00Z"><Track>
            <Trackpoint><Time>2026-11-25T10:00:10Z</Time><HeartRateBpm><Value>118</Value></HeartRateBpm></Trackpoint>
            <Trackpoint><Time>2026-11-25T10:01:10Z</Time><HeartRateBpm><Value>122</Value></HeartRateBpm></Trackpoint>
            <Trackpoint><Time>2026-11-25T10:02:10Z</Time></Trackpoint>
            </Track></Lap>
            <Creator><Name>Edge 530</Name><UnitId>3312345678</UnitId></Creator>
            </Activity></Activities></TrainingCenterDatabase>
            """
        let track = try Self.track(text)
        #expect(track.device == "Edge 530 3312345678")
        #expect(track.samples.map(\.heartRate) == [118, 122, nil])
        #expect(track.samples.allSatisfy { $0.kind == "cycling" })
    }

    @Test(arguments: [
        // Billion laughs: entities declared in a DTD.
        """
        <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
        <gpx><trk><name>&lol2;</name></trk></gpx>
        """,
        // An external entity reading a local file.
        """
        <?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><gpx><trk><name>&xxe;</name></trk></gpx>
        """,
        // An entity never declared.
        "<gpx><trk><name>&xxe;</name></trk></gpx>",
        // Cut short.
        "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"><time>2026-11-25T10:00:00Z</time>",
        "<gpx><trk><trkseg><trkpt lat=\"1",
        // Not GPX or TCX.
        "<html><body>hello</body></html>",
    ])
    func hostileOrBrokenXMLIsRefused(text: String) {
        #expect(throws: XMLPullReader.Problem.self) { try Self.track(text) }
    }

    @Test func aDeclarationsOnlyDTDMaySkipButNeverWithEntities() throws {
        let apple =
            #"<?xml version="1.0"?><!DOCTYPE HealthData [<!ELEMENT HealthData (Record)*><!ATTLIST Record type CDATA #REQUIRED>]><HealthData/>"#
        var reader = XMLPullReader(bytes: Array(apple.utf8))
        reader.allowsDeclarationsOnlyDTD = true
        #expect(try reader.next() == .start(name: "HealthData", attributes: []))
        let laughs = #"<!DOCTYPE HealthData [<!ENTITY a "b">]><HealthData/>"#
        var refusing = XMLPullReader(bytes: Array(laughs.utf8))
        refusing.allowsDeclarationsOnlyDTD = true
        #expect(throws: XMLPullReader.Problem.self) { try refusing.next() }
    }

    @Test func aTokenLongerThanTheLimitIsRefused() {
        var reader = XMLPullReader {
            Array(repeating: UInt8(ascii: "a"), count: 65536)
        }
        #expect(throws: XMLPullReader.Problem.self) {
            _ = try reader.next()
            _ = try reader.next()
        }
    }

    @Test func timestamps() {
        #expect(Timestamp.milliseconds("1970-01-01T00:00:01Z") == 1000)
        #expect(Timestamp.milliseconds("1970-01-01T01:00:01+01:00") == 1000)
        #expect(Timestamp.milliseconds("1970-01-01 01:00:01 +0100") == 1000)
        #expect(Timestamp.milliseconds("1970-01-01T00:00:01.25Z") == 1250)
        #expect(Timestamp.milliseconds("1970-01-01T00:00:01") == 1000)
        #expect(Timestamp.milliseconds("yesterday") == nil)
        #expect(Timestamp.milliseconds("1970-13-01T00:00:01Z") == nil)
    }
}

extension String {
    fileprivate init(format2 value: Int) {
        self = value < 10 ? "0\(value)" : "\(value)"
    }
}
