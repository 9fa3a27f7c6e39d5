import Glibc
import PaceDaemon
import Testing

/// The tray icon drawn in code: ARGB32 in network byte order, at any size a host could want, and nothing odd for
/// sizes no host should ask for.
@Suite struct RingIconTests {
    @Test func drawsWhatIsLeftClockwiseFromTwelve() throws {
        let half = try #require(RingIcon(fraction: 0.5, tone: .normal, running: false).pixmap(size: 64))
        #expect(half.side == 64)
        #expect(half.argb.count == 64 * 64 * 4)
        // Right half (twelve to six o'clock) is the arc; left half the faint track.
        #expect(Array(half.argb[pixel(57, 32, 64)..<pixel(57, 32, 64) + 4]) == [255, 61, 174, 233])
        let track = Array(half.argb[pixel(6, 32, 64)..<pixel(6, 32, 64) + 4])
        #expect(track == [110, 128, 128, 128])
        #expect(half.argb[pixel(32, 32, 64)] == 0)
    }

    /// The arc ends where the fraction says, in every quarter of the dial: a little before the end and halfway to it
    /// is the arc, a little after it and halfway round from there to twelve the track.
    @Test(arguments: [0.1, 0.4, 0.6, 0.9])
    func arcEndsAtTheFraction(fraction: Double) throws {
        let image = try #require(RingIcon(fraction: fraction, tone: .normal, running: false).pixmap(size: 64))
        func colour(atTurn turn: Double) -> [UInt8] {
            // Halfway through the ring's width, clockwise from twelve o'clock.
            let x = Int((32 + 24 * sin(2 * Double.pi * turn)).rounded(.down))
            let y = Int((32 - 24 * cos(2 * Double.pi * turn)).rounded(.down))
            return Array(image.argb[pixel(x, y, 64)..<pixel(x, y, 64) + 4])
        }
        for turn in [fraction / 2, fraction - 0.05] { #expect(colour(atTurn: turn) == [255, 61, 174, 233]) }
        for turn in [fraction + 0.05, (fraction + 1) / 2] { #expect(colour(atTurn: turn) == [110, 128, 128, 128]) }
    }

    @Test(arguments: [0, -1, Int.min])
    func noImageForASideOfZeroOrLess(size: Int) {
        #expect(RingIcon(fraction: 1, tone: .low, running: true).pixmap(size: size) == nil)
    }

    @Test(arguments: [10_000, Int.max])
    func hugeSizesAreDrawnAtTheLargest(size: Int) throws {
        let image = try #require(RingIcon(fraction: 1, tone: .over, running: false).pixmap(size: size))
        #expect(image.side == RingIcon.largestSize)
        #expect(image.argb.count == RingIcon.largestSize * RingIcon.largestSize * 4)
    }

    @Test func fractionIsClamped() {
        #expect(RingIcon(fraction: .nan, tone: .normal, running: false).fraction == 0)
        #expect(RingIcon(fraction: -3, tone: .normal, running: false).fraction == 0)
        #expect(RingIcon(fraction: 7, tone: .normal, running: false).fraction == 1)
    }

    private func pixel(_ x: Int, _ y: Int, _ side: Int) -> Int { (y * side + x) * 4 }
}
