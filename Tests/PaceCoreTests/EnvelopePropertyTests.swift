import PropertyBased
import Testing

@testable import PaceCore

/// One random day for the envelope: what the person said and how much of the budget they used.
struct RandomDay: Sendable, CustomStringConvertible {
    var observation: DayObservation
    /// Load as a share of the day's budget (above 1: a reminder ignored).
    var loadShare: Double

    var description: String {
        let o = observation
        let checkIn = o.checkedIn ? "e\(Int(o.energy ?? -1))\(o.flareReported ? "F" : "")" : (o.recorded ? "-" : "∅")
        return "\(checkIn)@\(Int(loadShare * 100))%"
    }
}

extension Gen where Value == RandomDay {
    /// A day: check-in present 70 % of the time, a flare 1 in 10, nothing recorded 1 in `gapOdds`, loads 0–250 %.
    static func day(maxShare: Double = 2.5, checkIns: Bool = true, gapOdds: Int = 20)
        -> Generator<RandomDay, some SendableSequenceType>
    {
        zip(
            Gen<Double>.double(in: 0...maxShare), Gen<Int>.int(in: 0...9), Gen<Int>.int(in: 0...10),
            Gen<Int>.int(in: 0...9), Gen<Int>.int(in: 0...(gapOdds - 1))
        ).map { share, present, energy, flare, empty in
            if empty == 0 { return RandomDay(observation: .nothingRecorded, loadShare: 0) }
            guard checkIns, present >= 3 else { return RandomDay(observation: .noCheckIn, loadShare: share) }
            return RandomDay(
                observation: .checkIn(energy: Double(energy), symptom: 3, flare: flare == 0), loadShare: share)
        }
    }
}

@Suite struct EnvelopePropertyTests {
    /// Runs a calibration week at load 100 and then `days`; returns the driver.
    private func run(_ days: [RandomDay], parameters: EnvelopeParameters = EnvelopeParameters()) -> EnvelopeDriver {
        var driver = EnvelopeDriver(parameters: parameters)
        driver.calibrate()
        for day in days {
            let budget = driver.budget(day.observation).points
            driver.day(day.observation, load: day.loadShare * budget)
        }
        return driver
    }

    @Test func baseAlwaysStaysWithinFloorAndCeiling() async {
        await propertyCheck(input: Gen.day().array(of: 20...150)) { days in
            let driver = run(days)
            let envelope = driver.envelope
            for day in driver.days.dropFirst(7) {
                #expect(day.baseAfter >= envelope.floor - 1e-9 && day.baseAfter <= envelope.ceiling + 1e-9)
                #expect(day.budget.points >= 0)
                #expect(day.budget.points <= envelope.parameters.maximumEnergyFactor * envelope.ceiling + 1e-9)
            }
        }
    }

    @Test func baseNeverGrowsFasterThanTheWeeklyCap() async {
        // Overspending is common here, so growth happens often.
        await propertyCheck(input: Gen.day(maxShare: 1.6).array(of: 30...150)) { days in
            let driver = run(days)
            var lastGrowth: Int?
            for (index, day) in driver.days.enumerated() {
                guard let change = day.change, change.to > change.from, change.from > 0 else { continue }
                #expect(change.to <= change.from * 1.05 + 1e-9)
                if let lastGrowth { #expect(index - lastGrowth >= 7) }
                lastGrowth = index
            }
        }
    }

    @Test func baseNeverGrowsOverMissingDaysOrOnTimeAlone() async {
        // No check-ins at all: any loads, never growth.
        await propertyCheck(input: Gen.day(checkIns: false).array(of: 20...150)) { days in
            let driver = run(days)
            #expect(driver.days.allSatisfy { $0.baseAfter <= driver.envelope.initialBase + 1e-9 })
        }
        // Check-ins, but always inside the budget: time passing is no evidence.
        await propertyCheck(input: Gen.day(maxShare: 1.0).array(of: 20...150)) { days in
            let driver = run(days)
            #expect(driver.days.allSatisfy { $0.baseAfter <= driver.envelope.initialBase + 1e-9 })
        }
    }

    @Test func baseNeverGrowsOverAGap() async {
        // Frequent gaps and frequent overspend with "no flare" answers: growth is common, but never on a day whose
        // 17-day window (all of it after calibration) holds a day with nothing recorded.
        await propertyCheck(input: Gen.day(maxShare: 1.6, gapOdds: 12).array(of: 30...150)) { days in
            let driver = run(days)
            let window = driver.envelope.parameters.growthWindowDays
            for index in days.indices {
                let closed = driver.days[7 + index]
                guard closed.change?.reason == .grownAfterToleratedOverspend else { continue }
                #expect(index >= window - 1, "growth \(index) days after calibration")
                let covered = days[max(0, index - window + 1)...index]
                #expect(covered.allSatisfy { $0.observation.recorded }, "growth over a gap on day \(index)")
            }
        }
    }

    @Test func growthCountsAreTheCountsTheRuleUsed() async {
        // What `pace why` reads after a night (`growthProgress()`) is what the rule judged that night.
        await propertyCheck(input: Gen.day(maxShare: 1.6, gapOdds: 12).array(of: 20...80)) { days in
            var driver = EnvelopeDriver()
            driver.calibrate()
            for day in days {
                let verdict = driver.day(day.observation, load: day.loadShare * driver.budget(day.observation).points)
                let judged = try #require(verdict.growth)
                let shown = driver.envelope.growthProgress()
                #expect(shown.flareFreeDays == judged.flareFreeDays)
                #expect(shown.checkIns == judged.checkIns)
                #expect(shown.toleratedOverspendDays == judged.toleratedOverspendDays)
            }
        }
    }

    @Test func checkInsWithoutAnswersNeverCount() async {
        // Every day has activity and check-ins with only a note, only `complete`, or nothing: as if none.
        let empty = zip(Gen<Int>.int(in: 0...3), Gen<Int>.int(in: 0...7200), Gen<Int>.int(in: 0...2)).map {
            count, seconds, kind in
            var record = DayRecord(date: CivilDate(year: 2026, month: 1, day: 1))
            record.recorded = true
            record.activeSeconds = Int64(seconds)
            record.load = Double(seconds) / 60 * 1.8
            for _ in 0..<count {
                record.checkIns.append(
                    kind == 0 ? CheckIn(note: "a note") : kind == 1 ? CheckIn(complete: true) : CheckIn())
            }
            return record
        }
        await propertyCheck(input: empty.array(of: 20...120)) { records in
            var driver = EnvelopeDriver()
            driver.calibrate()
            for record in records {
                let observation = record.observation(flareModeAtEnd: false)
                #expect(!observation.checkedIn)
                let verdict = driver.day(observation, load: record.load)
                #expect(verdict.growth?.checkIns == 0)
            }
            #expect(driver.days.allSatisfy { $0.baseAfter <= driver.envelope.initialBase + 1e-9 })
        }
    }

    @Test func ignoredRemindersNeverLowerTheBase() async {
        await propertyCheck(input: Gen.day().array(of: 20...150)) { days in
            let driver = run(days)
            for (index, day) in driver.days.enumerated() where day.change?.reason == .cutAfterFlareInsideBudget {
                // A cut needs the three days before to have stayed inside their budget.
                for before in driver.days[(index - 3)..<index] {
                    #expect(before.load <= 1.1 * before.budget.points + 1e-9)
                }
            }
        }
        // Without flares, no amount of overspending lowers the base.
        let calm = Gen.day().map { day in
            var day = day
            day.observation.flareReported = false
            return day
        }
        await propertyCheck(input: calm.array(of: 20...150)) { days in
            let driver = run(days)
            #expect(driver.days.dropFirst(7).allSatisfy { $0.change?.reason != .cutAfterFlareInsideBudget })
        }
    }

    @Test func sameDaysGiveTheSameEnvelope() async {
        await propertyCheck(input: Gen.day().array(of: 10...80)) { days in
            #expect(run(days).envelope == run(days).envelope)
        }
    }
}
