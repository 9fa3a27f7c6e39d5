import SystemPackage

/// The test hook's shift of the clocks, in milliseconds, read by the daemon and by `pace` alike so that a test can
/// pin both to one "now": only when `PACE_TEST_HOOKS=1` and `PACE_TEST_CLOCK_OFFSET_FILE` names a file.
///
/// The file holds one or two whole numbers, `ELAPSED [STEP]`: ELAPSED is time that seems to have passed (the wall
/// clock and `CLOCK_BOOTTIME` both run ahead of the machine's by it), STEP a step of the wall clock alone, as
/// `date -s` would make. Without the variables every shift is zero and no file is read.
package struct TestClockShift: Sendable, Equatable {
    /// Added to both clocks: time that seems to have passed.
    package var elapsed: Int64 = 0
    /// Added to the wall clock only: a step of it.
    package var wallStep: Int64 = 0

    package init(elapsed: Int64 = 0, wallStep: Int64 = 0) {
        self.elapsed = elapsed
        self.wallStep = wallStep
    }

    /// What the wall clock is moved by.
    package var wall: Int64 { elapsed &+ wallStep }

    /// The test hook's file when `environment` turns test hooks on, else `nil`.
    package static func file(environment: [String: String]) -> String? {
        guard environment["PACE_TEST_HOOKS"] == "1", let path = environment["PACE_TEST_CLOCK_OFFSET_FILE"],
            path.hasPrefix("/")
        else { return nil }
        return path
    }

    /// The shift `environment` asks for: the file's, when test hooks are on and it holds one; else none.
    package static func current(environment: [String: String]) -> TestClockShift {
        guard let path = file(environment: environment), case .value(let shift) = read(path) else { return .init() }
        return shift
    }

    /// What a test offset file holds.
    package enum Reading: Equatable, Sendable {
        /// No file: no shift.
        case missing
        case value(TestClockShift)
        /// Empty (being written), or not one or two whole numbers.
        case unreadable(String)
    }

    /// Reads the file at `path`.
    package static func read(_ path: String) -> Reading {
        guard let descriptor = try? FileDescriptor.open(path, .readOnly, options: [.closeOnExec]) else {
            return .missing
        }
        defer { try? descriptor.close() }
        var bytes = [UInt8](repeating: 0, count: 64)
        guard let count = try? bytes.withUnsafeMutableBytes({ try descriptor.read(into: $0) }) else {
            return .unreadable("")
        }
        let numbers = String(decoding: bytes[..<count], as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        let text = numbers.joined(separator: " ")
        let values = numbers.map { Int64($0) }
        guard (1...2).contains(values.count), let elapsed = values[0], let step = values.count == 2 ? values[1] : 0
        else { return .unreadable(text) }
        return .value(.init(elapsed: elapsed, wallStep: step))
    }
}
