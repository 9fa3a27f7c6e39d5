/// Effort points in words, as every text says them: a whole number, and "point" for one ("1 point", "12 points").
package enum PointsText {
    /// `points` rounded to a whole number of points; never "-0", and "?" for a value that is not finite.
    package static func describe(_ points: Double) -> String {
        guard points.isFinite else { return "? points" }
        let rounded = Int64(points.rounded())
        return rounded == 1 ? "1 point" : "\(rounded == 0 ? 0 : rounded) points"
    }
}
