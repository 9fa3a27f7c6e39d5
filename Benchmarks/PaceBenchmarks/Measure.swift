import Glibc
import PaceSystem

/// Something the benchmark could not do; it stops with this message.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Time and statistics.
enum Measure {
    /// Monotonic nanoseconds.
    static func nanoseconds() -> Int64 {
        Clocks.monotonicNanoseconds()
    }

    /// The value below which `fraction` of `values` lie (nearest rank).
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(sorted.count - 1, max(0, rank))]
    }

    static func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        usleep(UInt32(seconds * 1_000_000))
    }
}

/// Numbers as the table shows them.
enum Format {
    /// `value` with `digits` decimals.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (abs(value) * scale).rounded() / scale
        var text = String(Int(rounded))
        if digits > 0 {
            let fraction = Int(((rounded - rounded.rounded(.down)) * scale).rounded())
            var digitsText = String(fraction)
            while digitsText.count < digits { digitsText = "0" + digitsText }
            text += "." + digitsText
        }
        return (value < 0 ? "-" : "") + text
    }

    /// A duration given in nanoseconds, in the unit that suits it.
    static func duration(nanoseconds value: Double) -> String {
        if value < 1_000 { return fixed(value, 0) + " ns" }
        if value < 1_000_000 { return fixed(value / 1_000, value < 10_000 ? 1 : 0) + " µs" }
        if value < 1_000_000_000 { return fixed(value / 1_000_000, value < 10_000_000 ? 2 : 1) + " ms" }
        return fixed(value / 1_000_000_000, 2) + " s"
    }

    /// kB as MB (1 MB = 1024 kB, as `/proc` counts).
    static func megabytes(kilobytes: Int) -> String { fixed(Double(kilobytes) / 1024, 1) + " MB" }

    /// A whole number with thousands separators.
    static func count(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }

    static func ratio(_ value: Double) -> String { fixed(value, 2) + "×" }
}

/// Writing whole files.
enum Files {
    /// Replaces the file at `path` with `bytes`.
    static func write(_ bytes: [UInt8], to path: String) throws(BenchFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw BenchFailure("cannot write \(path): errno \(errno)") }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw BenchFailure("cannot write \(path): errno \(errno)") }
    }
}
