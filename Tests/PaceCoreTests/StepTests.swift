import FoundationEssentials
import PaceTestSupport
import Testing

@testable import PaceCore
@testable import pace_sim

/// `pace-sim step`, the seam outside evaluators drive: mostly the real binary with piped input, as they run it.
@Suite struct StepTests {
    /// The fields of a reply these tests look at.
    struct Reply: Decodable {
        var error: String?
        var field: String?
        var line: Int?
        var patient: String?
        var phase: String?
        var day: Int?
        var load: Double?
        var recorded: Bool?
        var energyFactor: Double?
        var budget: Double?
    }

    /// What a run of `pace-sim step` answered.
    struct Run {
        var lines: [String]
        var replies: [Reply]
        var status: Int32
        var standardError: String
    }

    /// Runs the built `pace-sim step` with `arguments` on `lines`.
    static func step(_ lines: [String], _ arguments: [String] = []) throws -> Run {
        let result = try Executables.run(
            "pace-sim", ["step"] + arguments, environment: [:], standardInput: lines.joined(separator: "\n") + "\n")
        let output = result.standardOutput.split(separator: "\n").map(String.init)
        let replies = try output.map { try JSONDecoder().decode(Reply.self, from: Data($0.utf8)) }
        return Run(lines: output, replies: replies, status: result.status, standardError: result.standardError)
    }

    /// Seven calibration days with the usual rating: the envelope is adapting after them, base 80.
    static let calibrationWeek = Array(repeating: #"{"checkIn": {"energy": 5, "symptom": 3}, "load": 100}"#, count: 7)

    @Test func steppingDrivesTheRealEnvelope() throws {
        var session = StepSession(
            settings: StepSettings(parameters: EnvelopeParameters(), provisional: 81, pointsPerMinute: 1.8))
        var envelope = Envelope()
        for load in [100.0, 110, 90, 95, 100, 105, 100] {
            _ = session.handle(#"{"checkIn": {"energy": 5, "symptom": 3}, "load": \#(load)}"#)
            envelope.close(.checkIn(energy: 5, symptom: 3), load: load, on: CivilDate(daysSinceEpoch: 0))
        }
        #expect(session.single.envelope.base == envelope.base)
        #expect(session.single.envelope.phase == .adapting)
        // Morning: the budget for today's rating, before the load is known.
        let morning = session.handle(#"{"checkIn": {"energy": 4}}"#) ?? ""
        #expect(morning.contains(#""phase":"morning""#))
        #expect(morning.contains(#""budget":64,"#))
        #expect(morning.contains(#""usedUpAt":64,"warningAt":57.6"#))
        // Night: the same day closes with its check-in kept.
        let night = session.handle(#"{"load": 70}"#) ?? ""
        #expect(night.contains(#""phase":"night""#))
        #expect(night.contains(#""budget":64,"#))
        #expect(night.contains(#""remindersRequested":4"#))  // two stops, 90 % and 100 %
        #expect(night.contains(#""next":{"#))
        // A flare is reported: today's budget halves at once.
        #expect(session.handle(#"{"checkIn": {"energy": 5, "flare": true}}"#)?.contains(#""budget":40,"#) == true)
        #expect(session.handle("nonsense")?.hasPrefix(#"{"error":"#) == true)
        #expect(session.handle("  ") == nil)
        #expect(session.refused == 1)
    }

    /// Issue 21, item 10: energy −3 and symptom 50 were taken as they came.
    @Test func aRatingOutsideItsScaleIsRefusedNamingTheField() throws {
        let run = try Self.step([
            #"{"checkIn": {"energy": -3}, "load": 50}"#,
            #"{"checkIn": {"symptom": 50}, "load": 50}"#,
            #"{"checkIn": {"energy": 60}, "load": 50}"#,
            #"{"checkIn": {"fatigue": 4, "pain": 10.5}, "load": 50}"#,
            #"{"checkIn": {"energy": "high"}, "load": 50}"#,
            #"{"load": -1}"#,
            #"{"checkIn": {"energy": 10, "symptom": 0}, "load": 50}"#,
        ])
        #expect(
            run.replies.map(\.field) == [
                "checkIn.energy", "checkIn.symptom", "checkIn.energy", "checkIn.pain", "checkIn.energy", "load", nil,
            ])
        #expect(run.replies.map(\.line) == [1, 2, 3, 4, 5, 6, nil])
        try #require(run.replies.count == 7)
        #expect(
            run.replies[0].error
                == "checkIn.energy: -3 is outside 0–10, the check-in's scale (5 = usual); for ratings on another scale run with --energy-scale open"
        )
        #expect(run.replies[1].error == "checkIn.symptom: 50 is outside 0–10")
        #expect(run.replies[4].error == "checkIn.energy: not a number")
        // A refused line changes nothing: the first line taken is still day 0.
        #expect(run.replies[6].day == 0)
        #expect(run.replies[6].phase == "night")
        // The run goes on, and its status says something was refused.
        #expect(run.status == 1)
        #expect(run.standardError.contains("6 of 7 lines refused"))
    }

    /// Issue 21, item 10: a misspelt `checkin` silently dropped the check-in.
    @Test func anUnknownKeyIsRefusedWithTheKeyItWasProbablyMeantToBe() throws {
        let run = try Self.step([
            #"{"checkin": {"energy": 4}, "load": 50}"#,
            #"{"checkIn": {"enrgy": 4}, "load": 50}"#,
            #"{"load": 50, "flare": true}"#,
            #"{"mood": 3}"#,
            #"{"patient": "p1", "load": 50}"#,
            #"{"checkIn": {"energy": 4}, "load": 50}"#,
        ])
        #expect(
            run.replies.map(\.error) == [
                "checkin: unknown key; did you mean checkIn?",
                "checkIn.enrgy: unknown key; did you mean energy?",
                "flare: unknown key; a day has checkIn, load, recorded, complete, patient",
                "mood: unknown key; a day has checkIn, load, recorded, complete, patient",
                "patient: a line names its patient only with --batch",
                nil,
            ])
        #expect(run.replies.last?.day == 0)
        #expect(run.status == 1)
    }

    /// Issue 21, item 10: `recorded: false` after calibration still closed the day with its load.
    @Test func aDayWithNothingRecordedClosesWithoutALoadAsInTheDaemon() throws {
        let run = try Self.step(
            Self.calibrationWeek + [
                #"{"recorded": false, "load": 200}"#,
                #"{"recorded": false, "checkIn": {"energy": 5}}"#,
                #"{"recorded": false}"#,
                #"{"checkIn": {"energy": 5}}"#,
                #"{"recorded": false, "load": 0}"#,
                #"{"load": 50}"#,
                #"{"recorded": false, "load": 0}"#,
            ])
        let replies = run.replies.dropFirst(7).map { $0 }
        #expect(replies.map(\.field) == ["load", "checkIn", nil, nil, "recorded", nil, nil])
        try #require(replies.count == 7)
        #expect(replies[0].error?.hasPrefix("load: a day with nothing recorded (recorded: false) has no load") == true)
        // Closed at once, with 0, and marked unrecorded.
        #expect(replies[2].phase == "night")
        #expect(replies[2].day == 7)
        #expect(replies[2].load == 0)
        #expect(replies[2].recorded == false)
        // A day opened with a check-in has something recorded.
        #expect(replies[3].phase == "morning")
        #expect(replies[4].error == "recorded: false, but the line that opened this day gave a check-in")
        #expect(replies[5].day == 8)
        #expect(replies[5].recorded == true)
        #expect(replies[6].day == 9)
        #expect(replies[6].load == 0)

        // The envelope sees the day as the daemon's fold does an empty day record.
        var session = StepSession(
            settings: StepSettings(parameters: EnvelopeParameters(), provisional: 81, pointsPerMinute: 1.8))
        var envelope = Envelope()
        for day in 0..<7 {
            _ = session.handle(Self.calibrationWeek[day])
            envelope.close(.checkIn(energy: 5, symptom: 3), load: 100, on: CivilDate(daysSinceEpoch: Int64(day)))
        }
        _ = session.handle(#"{"recorded": false}"#)
        let empty = DayRecord(date: CivilDate(daysSinceEpoch: 7))
        envelope.close(empty.observation(flareModeAtEnd: false), load: empty.load, on: empty.date)
        #expect(session.single.envelope == envelope)
    }

    /// Issue 21, item 10: with no rating in calibration, ratings on another scale were divided by 5 and the
    /// factor stuck at 1.2. `--energy-scale open` assumes no usual; the first ratings after calibration set it.
    @Test func onAnOpenScaleNoUsualIsAssumed() throws {
        let week = Array(repeating: #"{"load": 100}"#, count: 7)
        let run = try Self.step(
            week + [
                #"{"checkIn": {"energy": 60}}"#, #"{"load": 80}"#,
                #"{"checkIn": {"energy": 24}}"#, #"{"load": 40}"#,
                #"{"checkIn": {"energy": 72}}"#, #"{"checkIn": {"energy": -1}}"#,
            ], ["--energy-scale", "open"])
        let factors = run.replies.dropFirst(7).map { $0.energyFactor ?? -1 }
        try #require(factors.count == 6)
        #expect(zip(factors, [1, 1, 0.4, 0.4, 1.2, -1]).allSatisfy { close($0, $1) })
        #expect(run.replies.last?.error == "checkIn.energy: -1 is not a rating: a number ≥ 0")
        // On the check-in's scale, 5 is the usual, as in the daemon.
        let checkIn = try Self.step(week + [#"{"checkIn": {"energy": 3}}"#])
        #expect(close(checkIn.replies.last?.energyFactor ?? 0, 0.6))
        #expect(checkIn.status == 0)
    }

    @Test func aBatchKeepsEachPatientApart() throws {
        let first = Self.calibrationWeek + [#"{"checkIn": {"energy": 4}}"#, #"{"load": 90}"#]
        let second = (0..<9).map { #"{"checkIn": {"energy": \#($0 % 10), "flare": \#($0 == 8)}, "load": \#(40 + $0)}"# }
        var lines: [String] = []
        for index in 0..<9 {
            lines.append(#"{"patient": "a", "# + first[index].dropFirst())
            lines.append(#"{"patient": "b", "# + second[index].dropFirst())
        }
        let refused = [#"{"load": 1}"#, #"{"patient": "b", "checkin": {"energy": 4}}"#]
        let batch = try Self.step(lines + refused, ["--batch"])
        let alone = (a: try Self.step(first), b: try Self.step(second))
        try #require(batch.lines.count == 20 && alone.a.lines.count == 9 && alone.b.lines.count == 9)
        for index in 0..<9 {
            #expect(
                batch.lines[2 * index] == alone.a.lines[index].replacing(#","phase""#, with: #","patient":"a","phase""#)
            )
            #expect(
                batch.lines[2 * index + 1]
                    == alone.b.lines[index].replacing(#","phase""#, with: #","patient":"b","phase""#))
        }
        // A refused line says whose it was, when it named a patient.
        #expect(batch.replies.suffix(2).map(\.field) == ["patient", "checkin"])
        #expect(batch.replies.suffix(2).map(\.patient) == [nil, "b"])
        #expect(batch.status == 1)
    }

    @Test func aThousandPatientsShareOneProcess() throws {
        var lines: [String] = []
        for day in 0..<10 {
            for patient in 0..<1000 {
                lines.append(
                    #"{"patient": "p\#(patient)", "checkIn": {"energy": \#(3 + (patient + day) % 5)}, "load": \#(50 + patient % 50)}"#
                )
            }
        }
        let run = try Self.step(lines, ["--batch"])
        #expect(run.status == 0)
        #expect(run.replies.count == 10_000)
        #expect(run.replies.suffix(1000).allSatisfy { $0.day == 9 && $0.error == nil })
        #expect(Set(run.replies.compactMap(\.patient)).count == 1000)
    }
}
