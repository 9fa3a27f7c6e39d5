/// SplitMix64: a small, fast generator seeded with one number, so a failing case can be replayed from its seed and
/// a benchmark's made-up history is the same everywhere.
package struct SplitMix: RandomNumberGenerator, Sendable {
    private var state: UInt64

    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `range`, without bias.
    package mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }
}
