/// One Heart Rate Measurement (GATT characteristic 0x2A37, Bluetooth Heart Rate Service 1.0, section 3.1), read
/// from the bytes a sensor notified.
///
/// The frame is a flags byte, then the fields the flags announce, in this order:
///
/// | flags bit | meaning | field |
/// |---|---|---|
/// | 0 | value format: 0 = 8 bits, 1 = 16 bits (little-endian) | heart rate, beats per minute |
/// | 1 | sensor contact detected (meaningful when bit 2 is set) | — |
/// | 2 | sensor contact supported | — |
/// | 3 | energy expended present | 16 bits, kilojoules since the sensor's last reset |
/// | 4 | RR intervals present | one or more 16-bit intervals, in 1/1024 s, oldest first |
/// | 5–7 | reserved for future use (ignored) | — |
///
/// Reading is strict: a frame that is short of what its flags promise, that has bytes no flag accounts for,
/// or that carries a value no heart makes is a ``HeartRateFrameError``, never a guess. A sensor's 0 bpm
/// ("no reading", while it finds the pulse) is one of those, unless the sensor also says it has no skin contact:
/// that frame is read as contact lost, with no rate.
package struct HeartRateMeasurement: Sendable, Equatable {
    /// Whether the sensor reports skin contact, and what it reports.
    package enum Contact: String, Sendable, Equatable, CaseIterable {
        /// The sensor does not say (flags bit 2 clear).
        case notSupported
        /// The sensor says it has no skin contact: its value is not a heart rate.
        case lost
        /// The sensor says it has skin contact.
        case detected
    }

    /// Beats per minute, within ``plausibleRates``; `nil` when the sensor says it lost skin contact (what it
    /// sends then, often 0, is not a heart rate).
    package var beatsPerMinute: Int?
    package var contact: Contact
    /// Kilojoules expended since the sensor last reset its count, when the frame carries it.
    package var energyExpendedKilojoules: Int?
    /// The intervals between successive beats, in 1/1024 s, oldest first (each within ``plausibleRRUnits``);
    /// none when contact is lost.
    package var rrIntervals: [Int]

    /// Heart rates a human heart makes and a consumer sensor reports: lower is no reading (0 is a sensor's
    /// "searching"), higher is a glitch (no adult heart beats 250 times a minute and more).
    package static let plausibleRates = 20...250
    /// RR intervals in 1/1024 s that belong to those rates: 0.24 s (250 bpm) to 3 s (20 bpm).
    package static let plausibleRRUnits = 245...3072
    /// The longest frame read: the longest attribute value ATT carries (Core Specification 5.4, Vol 3 Part F,
    /// 3.2.9). A longer notification is not a Heart Rate Measurement.
    package static let maximumFrameBytes = 512

    package init(beatsPerMinute: Int?, contact: Contact, energyExpendedKilojoules: Int? = nil, rrIntervals: [Int] = [])
    {
        self.beatsPerMinute = beatsPerMinute
        self.contact = contact
        self.energyExpendedKilojoules = energyExpendedKilojoules
        self.rrIntervals = rrIntervals
    }

    /// Reads a notified frame.
    /// - Throws: ``HeartRateFrameError`` for a frame that is empty, too long, short of a field its flags promise,
    ///   longer than its flags account for, or with a rate or an RR interval out of the plausible ranges.
    ///
    /// The frame is an array, not any collection of bytes: a generic reader, called from another module, found its
    /// collection's type at run time and copied it element by element, 1,400 instructions a frame of four bytes.
    package init(frame bytes: [UInt8]) throws(HeartRateFrameError) {
        guard let flags = bytes.first else { throw .empty }
        guard bytes.count <= Self.maximumFrameBytes else { throw .oversized(bytes.count) }
        var reader = LittleEndianReader(bytes, from: 1)

        let rate: Int
        if flags & 0x01 != 0 {
            guard let value = reader.uint16() else { throw .truncated(.heartRate, frameBytes: bytes.count) }
            rate = value
        } else {
            guard let value = reader.uint8() else { throw .truncated(.heartRate, frameBytes: bytes.count) }
            rate = value
        }
        let contact: Contact =
            switch (flags & 0x04 != 0, flags & 0x02 != 0) {
            case (false, _): .notSupported
            case (true, false): .lost
            case (true, true): .detected
            }
        var energy: Int?
        if flags & 0x08 != 0 {
            guard let value = reader.uint16() else { throw .truncated(.energyExpended, frameBytes: bytes.count) }
            energy = value
        }
        var intervals: [Int] = []
        if flags & 0x10 != 0 {
            guard reader.remaining >= 2 else { throw .truncated(.rrInterval, frameBytes: bytes.count) }
            guard reader.remaining.isMultiple(of: 2) else { throw .truncated(.rrInterval, frameBytes: bytes.count) }
            intervals.reserveCapacity(reader.remaining / 2)
            while let interval = reader.uint16() { intervals.append(interval) }
        }
        guard reader.remaining == 0 else { throw .unexpectedBytes(reader.remaining, frameBytes: bytes.count) }
        guard contact != .lost else {
            self.init(beatsPerMinute: nil, contact: .lost, energyExpendedKilojoules: energy)
            return
        }
        guard Self.plausibleRates.contains(rate) else { throw .implausibleRate(rate) }
        if let interval = intervals.first(where: { !Self.plausibleRRUnits.contains($0) }) {
            throw .implausibleRRInterval(interval)
        }
        self.init(beatsPerMinute: rate, contact: contact, energyExpendedKilojoules: energy, rrIntervals: intervals)
    }

    /// The frame a sensor would send for this measurement: 8-bit rate when it fits, flags for what is present.
    package var frame: [UInt8] {
        let rate = beatsPerMinute ?? 0
        var flags: UInt8 = rate > 255 ? 0x01 : 0
        switch contact {
        case .notSupported: break
        case .lost: flags |= 0x04
        case .detected: flags |= 0x06
        }
        if energyExpendedKilojoules != nil { flags |= 0x08 }
        if !rrIntervals.isEmpty { flags |= 0x10 }
        var bytes = [flags]
        func append16(_ value: Int) {
            bytes.append(UInt8(truncatingIfNeeded: value))
            bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        }
        if rate > 255 { append16(rate) } else { bytes.append(UInt8(truncatingIfNeeded: rate)) }
        if let energy = energyExpendedKilojoules { append16(energy) }
        for interval in rrIntervals { append16(interval) }
        return bytes
    }

    /// The RR intervals in milliseconds (1/1024 s each unit).
    package var rrIntervalMilliseconds: [Double] { rrIntervals.map { Double($0) * 1000 / 1024 } }
}

/// Why a notified frame was not read as a measurement (or a battery level). Each is one line in the journal.
package enum HeartRateFrameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field of a frame.
    package enum Field: String, Sendable, Equatable {
        case heartRate = "heart rate"
        case energyExpended = "energy expended"
        case rrInterval = "RR interval"
        case batteryLevel = "battery level"
    }

    /// No bytes at all.
    case empty
    /// More bytes than any frame of this characteristic has.
    case oversized(Int)
    /// The frame ends before a field its flags promise (or inside one).
    case truncated(Field, frameBytes: Int)
    /// Bytes left after every field the flags announce.
    case unexpectedBytes(Int, frameBytes: Int)
    /// A heart rate outside ``HeartRateMeasurement/plausibleRates`` (0: the sensor has no reading).
    case implausibleRate(Int)
    /// An RR interval outside ``HeartRateMeasurement/plausibleRRUnits``, in 1/1024 s.
    case implausibleRRInterval(Int)
    /// A battery level above 100 %.
    case implausibleBatteryLevel(Int)

    package var description: String {
        switch self {
        case .empty: "an empty frame"
        case .oversized(let count): "a frame of \(count) bytes, longer than any attribute value"
        case .truncated(let field, let count): "a frame of \(count) bytes that ends inside its \(field.rawValue)"
        case .unexpectedBytes(let extra, let count):
            "a frame of \(count) bytes with \(extra) more than its flags announce"
        case .implausibleRate(let rate): "a heart rate of \(rate) bpm, outside 20–250"
        case .implausibleRRInterval(let units):
            "an RR interval of \(units)/1024 s (\(units * 1000 / 1024) ms), outside 0.24–3 s"
        case .implausibleBatteryLevel(let level): "a battery level of \(level) %"
        }
    }
}

/// Battery Level (GATT characteristic 0x2A19): one byte, percent of full.
package enum BatteryLevel {
    /// Reads a battery level frame.
    /// - Throws: ``HeartRateFrameError`` for an empty frame, one longer than a byte, or a level above 100.
    package static func percent(frame: some Collection<UInt8>) throws(HeartRateFrameError) -> Int {
        guard let level = frame.first else { throw .empty }
        guard frame.count == 1 else { throw .unexpectedBytes(frame.count - 1, frameBytes: frame.count) }
        guard level <= 100 else { throw .implausibleBatteryLevel(Int(level)) }
        return Int(level)
    }
}

/// Reads little-endian unsigned integers from a byte array without ever reading past its end.
private struct LittleEndianReader {
    private let bytes: [UInt8]
    private var offset: Int

    init(_ bytes: [UInt8], from offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func uint8() -> Int? {
        guard remaining >= 1 else { return nil }
        defer { offset += 1 }
        return Int(bytes[offset])
    }

    mutating func uint16() -> Int? {
        guard remaining >= 2 else { return nil }
        defer { offset += 2 }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }
}
