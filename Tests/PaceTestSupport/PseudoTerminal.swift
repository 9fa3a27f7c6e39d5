import Glibc
import PaceSystem
import SystemPackage

/// A program running on a pseudo-terminal, as a person at a terminal runs it: standard input, output and
/// error are the terminal, so `isatty` is true and prompts can be answered as they appear.
package final class PseudoTerminal: @unchecked Sendable {
    /// The program's pid.
    package let pid: Int32
    private let master: Int32
    private var received: [UInt8] = []
    private var termination: ChildProcess.Termination?

    /// Starts `executable` with `arguments` and exactly `environment` on a new terminal of 80 × 24.
    package init(_ executable: String, _ arguments: [String], environment: [String: String]) throws {
        let library = PTYLibrary.shared
        master = library.openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw SystemError("posix_openpt", errno: .init(rawValue: errno)) }
        guard library.grantpt(master) == 0, library.unlockpt(master) == 0 else {
            close(master)
            throw SystemError("unlockpt", errno: .init(rawValue: errno))
        }
        var nameBuffer = [CChar](repeating: 0, count: 128)
        guard library.ptsname(master, &nameBuffer, nameBuffer.count) == 0 else {
            close(master)
            throw SystemError("ptsname_r", errno: .init(rawValue: errno))
        }
        let slavePath = String(decoding: nameBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        do {
            pid = try Spawn.start(
                executable, arguments, environment: environment, opening: [(0, slavePath, O_RDWR)],
                duplicating: [(0, 1), (0, 2)])
        } catch {
            close(master)
            throw error
        }
    }

    deinit {
        if termination == nil {
            kill(pid, SIGKILL)
            _ = waitpid(pid, nil, 0)
        }
        close(master)
    }

    /// Everything the program wrote to the terminal so far (with the terminal's echo of what was typed, and
    /// line ends as the terminal sends them, `\r\n`).
    package var output: String {
        drain(timeoutMilliseconds: 0)
        return String(decoding: received, as: UTF8.self)
    }

    /// Types `text` (end a line with `"\n"`).
    package func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Waits until the output contains `text`.
    /// - Returns: Whether it appeared within `timeoutMilliseconds`.
    @discardableResult
    package func waitFor(_ text: String, timeoutMilliseconds: Int64 = 10_000) -> Bool {
        let deadline = Monotonic.milliseconds() + timeoutMilliseconds
        while true {
            if String(decoding: received, as: UTF8.self).contains(text) { return true }
            let remaining = deadline - Monotonic.milliseconds()
            guard remaining > 0 else { return false }
            drain(timeoutMilliseconds: Int32(min(remaining, 100)))
        }
    }

    /// Waits for the program to end, collecting its output.
    /// - Returns: How it ended, or `nil` if it was still running after `timeoutMilliseconds`.
    @discardableResult
    package func wait(timeoutMilliseconds: Int64 = 30_000) -> ChildProcess.Termination? {
        if let termination { return termination }
        let deadline = Monotonic.milliseconds() + timeoutMilliseconds
        while true {
            drain(timeoutMilliseconds: 10)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                drain(timeoutMilliseconds: 50)
                let signalled = status & 0x7F
                termination = signalled == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signalled)
                return termination
            }
            if Monotonic.milliseconds() >= deadline { return nil }
        }
    }

    private func drain(timeoutMilliseconds: Int32) {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        var timeout = timeoutMilliseconds
        var buffer = [UInt8](repeating: 0, count: 4096)
        while poll(&poller, 1, timeout) == 1 {
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            received += buffer[..<count]
            timeout = 0
        }
    }
}

/// The C library's pseudo-terminal calls, which Swift's Glibc module does not import (they need
/// `_XOPEN_SOURCE`), looked up by name once.
private struct PTYLibrary: @unchecked Sendable {
    typealias OpenPT = @convention(c) (Int32) -> Int32
    typealias Unlock = @convention(c) (Int32) -> Int32
    typealias PTSName = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    let openpt: OpenPT
    let grantpt: Unlock
    let unlockpt: Unlock
    let ptsname: PTSName

    static let shared: PTYLibrary = {
        let handle = dlopen(nil, RTLD_NOW)
        func symbol<T>(_ name: String, as type: T.Type) -> T {
            guard let pointer = dlsym(handle, name) else { fatalError("the C library has no \(name)") }
            return unsafeBitCast(pointer, to: type)
        }
        return PTYLibrary(
            openpt: symbol("posix_openpt", as: OpenPT.self), grantpt: symbol("grantpt", as: Unlock.self),
            unlockpt: symbol("unlockpt", as: Unlock.self), ptsname: symbol("ptsname_r", as: PTSName.self))
    }()
}
