import Glibc

/// The process environment as a dictionary, read once from `environ`.
///
/// `ProcessInfo.processInfo.environment` builds its dictionary anew on every call, at about 18,000 instructions a
/// variable: with a desktop session's forty variables that was a fifth of a whole `pace status`. This reads each
/// `NAME=value` entry as bytes, once per process. Like the C library's `getenv`, the first entry of a name wins;
/// bytes that are not UTF-8 are repaired as `String(decoding:as:)` does.
enum ProcessEnvironment {
    /// The environment `pace` was started with.
    static let current: [String: String] = read()

    private static func read() -> [String: String] {
        var count = 0
        while environ[count] != nil { count += 1 }
        // Sized up front: growing a dictionary entry by entry rehashes it again and again.
        var variables = [String: String](minimumCapacity: count)
        var entry = environ
        while let pointer = entry.pointee {
            let bytes = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(decoding: bytes[..<equals], as: UTF8.self)
                if variables[name] == nil {
                    variables[name] = String(decoding: bytes[(equals + 1)...], as: UTF8.self)
                }
            }
            entry += 1
        }
        return variables
    }
}
