import Glibc

/// Counter-based random numbers: every draw is a pure function of (seed, patient, day, stream).
///
/// The study compares policies on the *same* virtual patients, so a patient's Tuesday must bring the same
/// weather, mood and luck whatever the policy did on Monday. A sequential generator would drift apart as
/// soon as two policies consumed different numbers of draws; hashing the coordinates never does. The hash is
/// SplitMix64's finaliser (Steele, Lea & Flood 2014), applied in a chain. No Foundation randomness, so the
/// study prints the same table on every machine and every run.
struct SeededRandom: Sendable {
    /// The study's seed.
    let seed: UInt64

    /// What a draw is for; each has its own stream so that policies stay paired.
    enum Stream: UInt64 {
        case patientCapacity = 1
        case patientStartState = 2
        case capacityNoise = 3
        case perception = 4
        case desire = 5
        case checkInMissing = 6
        case symptomNoise = 7
        case compliance = 8
        case flareTrigger = 9
        case flareDelay = 10
        case flareDuration = 11
        case morningNoise = 12
    }

    /// A uniform number in the open interval (0, 1).
    func uniform(patient: Int, day: Int, _ stream: Stream, draw: UInt64 = 0) -> Double {
        var h = Self.mix(seed &+ 0x632B_E59B_D9B4_E019)
        h = Self.mix(h ^ UInt64(bitPattern: Int64(patient)))
        h = Self.mix(h ^ UInt64(bitPattern: Int64(day)) &* 0x9E37_79B9_7F4A_7C15)
        h = Self.mix(h ^ (stream.rawValue << 32 | draw))
        return (Double(h >> 11) + 0.5) / 9_007_199_254_740_992.0
    }

    /// A standard normal number (Box–Muller on two uniforms of the same stream).
    func normal(patient: Int, day: Int, _ stream: Stream) -> Double {
        let u1 = uniform(patient: patient, day: day, stream, draw: 0)
        let u2 = uniform(patient: patient, day: day, stream, draw: 1)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// SplitMix64's output function: a bijective, well-avalanching 64-bit mix.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
