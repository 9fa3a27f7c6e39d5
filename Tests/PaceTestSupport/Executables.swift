import FoundationEssentials
import Glibc

/// Runs the built `pace` and `paced` executables, as a person or systemd would.
package enum Executables {
    /// The directory holding the built products: `$PACE_BIN_DIR`, else the one the test bundle is in.
    package static let directory: String = {
        if let explicit = ProcessInfo.processInfo.environment["PACE_BIN_DIR"], !explicit.isEmpty { return explicit }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let me =
            count > 0
            ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : CommandLine.arguments[0]
        var url = URL(filePath: me).deletingLastPathComponent()
        // The runner may live inside `X.xctest/…`; step out to the products directory.
        while url.path().contains(".xctest") { url.deleteLastPathComponent() }
        return url.path(percentEncoded: false).hasSuffix("/")
            ? String(url.path(percentEncoded: false).dropLast()) : url.path(percentEncoded: false)
    }()

    /// The path of the built executable `name`; an absolute path is taken as it is.
    package static func path(_ name: String) -> String { name.hasPrefix("/") ? name : directory + "/" + name }

    /// What a finished process left behind.
    package struct Result: Sendable {
        package var status: Int32
        package var standardOutput: String
        package var standardError: String
    }

    /// Runs the built `name` (or the program at an absolute path) with `arguments` and `environment` to completion (at most 60 s).
    package static func run(
        _ name: String,
        _ arguments: [String],
        environment: [String: String],
        standardInput: String? = nil
    ) throws -> Result {
        let scratch = TemporaryDirectory(prefix: "pace-run")
        defer { scratch.remove() }
        let child = try ChildProcess(
            path(name), arguments, environment: environment, outputDirectory: scratch.path,
            standardInput: standardInput)
        let status: Int32
        switch child.wait(timeoutMilliseconds: 60_000) {
        case .exited(let code): status = code
        case .signalled(let signal): status = 128 + signal
        case nil: throw ChildTimedOut(command: ([name] + arguments).joined(separator: " "))
        }
        return Result(status: status, standardOutput: child.standardOutput, standardError: child.standardError)
    }
}

/// A command under test did not finish in time.
package struct ChildTimedOut: Error, CustomStringConvertible {
    package var command: String
    package var description: String { "\(command) did not finish within 60 s" }
}
