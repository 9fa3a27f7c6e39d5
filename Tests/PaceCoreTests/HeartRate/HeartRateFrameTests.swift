import PropertyBased
import Testing

@testable import PaceCore

/// Heart Rate Measurement (0x2A37) and Battery Level (0x2A19) frames: frames as sensors send them, every way a
/// frame can be wrong, and properties over generated and random bytes.
@Suite struct HeartRateFrameTests {
    // MARK: - Frames as sensors send them

    @Test func eightBitValueWithoutContactSupport() throws {
        let measurement = try HeartRateMeasurement(frame: [0x00, 72])
        #expect(measurement == HeartRateMeasurement(beatsPerMinute: 72, contact: .notSupported))
    }

    @Test func sixteenBitValue() throws {
        let measurement = try HeartRateMeasurement(frame: [0x01, 0x2C, 0x00])
        #expect(measurement.beatsPerMinute == 44)
        let high = try HeartRateMeasurement(frame: [0x07, 0xF0, 0x00])
        #expect(high == HeartRateMeasurement(beatsPerMinute: 240, contact: .detected))
    }

    /// A chest strap's usual frame: contact supported and detected, 8-bit rate, two RR intervals.
    @Test func contactDetectedWithRRIntervals() throws {
        let measurement = try HeartRateMeasurement(frame: [0x16, 0x4B, 0x2E, 0x03, 0x20, 0x03])
        #expect(measurement.beatsPerMinute == 75)
        #expect(measurement.contact == .detected)
        #expect(measurement.rrIntervals == [0x032E, 0x0320])
        #expect(measurement.rrIntervalMilliseconds.map { Int($0.rounded()) } == [795, 781])
    }

    @Test func energyExpendedComesBeforeRRIntervals() throws {
        let measurement = try HeartRateMeasurement(frame: [0x1E, 0x5A, 0x10, 0x01, 0x8B, 0x02])
        #expect(measurement.beatsPerMinute == 90)
        #expect(measurement.energyExpendedKilojoules == 0x0110)
        #expect(measurement.rrIntervals == [0x028B])
    }

    /// A sensor off the skin says so and sends 0: contact lost, no rate, not a rejection.
    @Test func contactLostCarriesNoRate() throws {
        let measurement = try HeartRateMeasurement(frame: [0x04, 0x00])
        #expect(measurement == HeartRateMeasurement(beatsPerMinute: nil, contact: .lost))
        let stale = try HeartRateMeasurement(frame: [0x14, 0x48, 0x00, 0x03])
        #expect(stale.beatsPerMinute == nil)
        #expect(stale.rrIntervals.isEmpty)
    }

    @Test func reservedFlagBitsAreIgnored() throws {
        let measurement = try HeartRateMeasurement(frame: [0xE0, 60])
        #expect(measurement.beatsPerMinute == 60)
    }

    // MARK: - Rejections

    @Test func emptyAndOversizedFramesAreRejected() {
        #expect(throws: HeartRateFrameError.empty) { try HeartRateMeasurement(frame: []) }
        let huge = [UInt8(0x10), 70] + [UInt8](repeating: 0x03, count: 512)
        #expect(throws: HeartRateFrameError.oversized(514)) { try HeartRateMeasurement(frame: huge) }
    }

    @Test func flagsPromisingMissingFieldsAreRejected() {
        #expect(throws: HeartRateFrameError.truncated(.heartRate, frameBytes: 1)) {
            try HeartRateMeasurement(frame: [0x00])
        }
        #expect(throws: HeartRateFrameError.truncated(.heartRate, frameBytes: 2)) {
            try HeartRateMeasurement(frame: [0x01, 0x48])
        }
        #expect(throws: HeartRateFrameError.truncated(.energyExpended, frameBytes: 3)) {
            try HeartRateMeasurement(frame: [0x08, 0x48, 0x01])
        }
        #expect(throws: HeartRateFrameError.truncated(.rrInterval, frameBytes: 2)) {
            try HeartRateMeasurement(frame: [0x10, 0x48])
        }
        #expect(throws: HeartRateFrameError.truncated(.rrInterval, frameBytes: 5)) {
            try HeartRateMeasurement(frame: [0x10, 0x48, 0x00, 0x03, 0x01])
        }
    }

    @Test func bytesNoFlagAccountsForAreRejected() {
        #expect(throws: HeartRateFrameError.unexpectedBytes(2, frameBytes: 4)) {
            try HeartRateMeasurement(frame: [0x00, 0x48, 0x00, 0x03])
        }
    }

    @Test(arguments: [0, 1, 19, 251, 300, 65535])
    func implausibleRatesAreRejected(rate: Int) {
        let frame = HeartRateMeasurement(beatsPerMinute: rate, contact: .detected).frame
        #expect(throws: HeartRateFrameError.implausibleRate(rate)) { try HeartRateMeasurement(frame: frame) }
    }

    /// RR intervals of 0 and of 60 s (61,440/1024), and just outside the plausible ones.
    @Test(arguments: [0, 1, 244, 3073, 61_440, 65_535])
    func implausibleRRIntervalsAreRejected(units: Int) {
        let frame = HeartRateMeasurement(beatsPerMinute: 70, contact: .detected, rrIntervals: [850, units]).frame
        #expect(throws: HeartRateFrameError.implausibleRRInterval(units)) { try HeartRateMeasurement(frame: frame) }
    }

    @Test func batteryLevels() throws {
        #expect(try BatteryLevel.percent(frame: [0]) == 0)
        #expect(try BatteryLevel.percent(frame: [87]) == 87)
        #expect(try BatteryLevel.percent(frame: [100]) == 100)
        #expect(throws: HeartRateFrameError.empty) { try BatteryLevel.percent(frame: []) }
        #expect(throws: HeartRateFrameError.implausibleBatteryLevel(101)) { try BatteryLevel.percent(frame: [101]) }
        #expect(throws: HeartRateFrameError.unexpectedBytes(1, frameBytes: 2)) {
            try BatteryLevel.percent(frame: [50, 0])
        }
    }

    @Test func everyRejectionSaysWhatWasWrongInOneLine() {
        let errors: [HeartRateFrameError] = [
            .empty, .oversized(600), .truncated(.rrInterval, frameBytes: 3), .unexpectedBytes(1, frameBytes: 3),
            .implausibleRate(0), .implausibleRRInterval(61_440), .implausibleBatteryLevel(200),
        ]
        for error in errors {
            #expect(!error.description.isEmpty)
            #expect(!error.description.contains("\n"))
        }
        #expect(HeartRateFrameError.implausibleRRInterval(61_440).description.contains("60000 ms"))
    }

    // MARK: - Properties

    static let measurements = zip(
        Gen<Int>.int(in: HeartRateMeasurement.plausibleRates), Gen<Int>.int(in: 0...2), Gen<Int>.int(in: -1...65_535),
        Gen<Int>.int(in: HeartRateMeasurement.plausibleRRUnits).array(of: 0...9)
    ).map { rate, contact, energy, intervals in
        HeartRateMeasurement(
            beatsPerMinute: rate, contact: [.notSupported, .detected, .detected][contact],
            energyExpendedKilojoules: energy < 0 ? nil : energy, rrIntervals: intervals)
    }

    /// What a sensor sends is read back exactly, in 8 bits and in 16.
    @Test func framesRoundTrip() async {
        await propertyCheck(input: Self.measurements) { measurement in
            #expect((try? HeartRateMeasurement(frame: measurement.frame)) == measurement)
            var wide = measurement.frame
            let rate = measurement.beatsPerMinute ?? 0
            wide[0] |= 0x01
            wide.replaceSubrange(1...1, with: [UInt8(rate & 0xFF), UInt8(rate >> 8)])
            #expect((try? HeartRateMeasurement(frame: wide)) == measurement)
        }
    }

    /// A frame cut short is rejected, or (cut between RR intervals) read with only the intervals it still holds.
    @Test func truncatedFramesAreRejectedOrLoseWholeRRIntervals() async {
        await propertyCheck(input: zip(Self.measurements, Gen<Int>.int(in: 0...30))) { measurement, cut in
            let frame = measurement.frame
            let kept = frame.count - 1 - cut % frame.count
            do throws(HeartRateFrameError) {
                let read = try HeartRateMeasurement(frame: Array(frame.prefix(kept)))
                #expect(read.beatsPerMinute == measurement.beatsPerMinute)
                #expect(!read.rrIntervals.isEmpty)
                #expect(measurement.rrIntervals.starts(with: read.rrIntervals))
                #expect(read.rrIntervals.count < measurement.rrIntervals.count)
            } catch {
                let expected: [HeartRateFrameError] = [
                    .truncated(.heartRate, frameBytes: kept), .truncated(.energyExpended, frameBytes: kept),
                    .truncated(.rrInterval, frameBytes: kept), .empty,
                ]
                #expect(expected.contains(error), "\(error)")
            }
        }
    }

    /// Any bytes at all: a rejection, or a measurement whose every value is within its plausible range.
    @Test func randomBytesNeverGiveAnImplausibleValue() async {
        let frames = Gen<UInt8>.value().array(of: 0...40)
        await propertyCheck(count: 2000, input: frames) { bytes in
            guard let measurement = try? HeartRateMeasurement(frame: bytes) else { return }
            if let rate = measurement.beatsPerMinute {
                #expect(HeartRateMeasurement.plausibleRates.contains(rate))
                #expect(measurement.contact != .lost)
            } else {
                #expect(measurement.contact == .lost)
            }
            #expect(measurement.rrIntervals.allSatisfy { HeartRateMeasurement.plausibleRRUnits.contains($0) })
            #expect(measurement.frame.count <= bytes.count)
        }
    }
}
