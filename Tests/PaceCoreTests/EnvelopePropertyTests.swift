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
    /// A day: check-in present 70 % of the time, a flare 1 in 10, nothing recorded 1 in 20, loads 0–250 %.
    static func day(maxShare: Double = 2.5, checkIns: Bool = true)
        -> Generator<RandomDay, some SendableSequenceType>
    {
        zip(
            Gen<Double>.double(in: 0...maxShare), Gen<Int>.int(in: 0...9), Gen<Int>.int(in: 0...10),
            Gen<Int>.int(in: 0...9), Gen<Int>.int(in: 0...19)
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
