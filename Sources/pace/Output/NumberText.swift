/// Numbers as people read them: points as whole numbers, averages with one decimal, no exponent ever.
enum NumberText {
    /// `value` rounded to a whole number (`61.6` → `62`); never `-0`.
    static func whole(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        let rounded = Int64(value.rounded())
        return String(rounded == 0 ? 0 : rounded)
    }

    /// `value` with at most `places` decimals and no trailing zeros (`4.25` → `4.3`, `4.0` → `4`).
    static func decimal(_ value: Double, places: Int = 1) -> String {
        guard value.isFinite else { return "?" }
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((abs(value) * Double(scale)).rounded())
        guard scaled != 0 else { return "0" }
        let sign = value < 0 ? "-" : ""
        let whole = scaled / scale
        var fraction = String(scaled % scale)
        guard scaled % scale != 0 else { return sign + String(whole) }
        fraction = String(repeating: "0", count: places - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return sign + String(whole) + "." + fraction
    }

    /// `part` as a whole percentage of `total` (`0` when `total` is not positive).
    static func percent(_ part: Double, of total: Double) -> Int {
        guard total > 0, part.isFinite else { return 0 }
        return Int((part / total * 100).rounded())
    }
}
