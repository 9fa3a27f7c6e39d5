package import Glibc
import SystemPackage

/// A helper program run beside the loop: the loop goes on while it runs, reads what it prints as it comes, and
/// hands over how it ended (``Subprocess/Result``) once it closed its output and exited.
///
/// For work the daemon must not do on its own thread nor in its own memory (`pace import` of a large file): the
/// child has its own address space, so its peak memory never stays in the daemon, and a crash on bad input ends
/// only the child. Output beyond ``outputLimit`` bytes per stream is dropped. Letting go of it kills the child.
@DaemonActor
package final class BackgroundProcess {
    /// The most bytes kept of each stream.
    package static let outputLimit = 64 * 1024

    /// The child's pid.
    package let pid: pid_t
    private var streams: [(descriptor: FileDescriptor, watch: IOWatch?, bytes: [UInt8])] = []
    private var timer: LoopTimer?
    private var completion: (@DaemonActor (Subprocess.Result) -> Void)?

    /// Starts `executable` with `arguments`, standard input `/dev/null`.
    ///
    /// - Parameters:
    ///   - timeout: How long it may run; then it is killed (`SIGKILL`) and its status is 128 + `SIGKILL`.
    ///   - completion: Runs on the loop once, when the child ended and was reaped.
    /// - Throws: ``SystemError`` from `pipe`, `posix_spawn` (`ENOENT` when there is no such program) or `epoll_ctl`.
    package init(
        _ executable: String, _ arguments: [String], timeout: Duration,
        completion: @escaping @DaemonActor (Subprocess.Result) -> Void
    ) throws(SystemError) {
        let output = try Syscall.pipe()
        let errors: (read: FileDescriptor, write: FileDescriptor)
        do {
            errors = try Syscall.pipe()
        } catch {
            try? output.read.close()
            try? output.write.close()
            throw error
        }
        defer {
            try? output.write.close()
            try? errors.write.close()
        }
        do {
            pid = try Spawn.start(
                executable, arguments, opening: [(0, "/dev/null", O_RDONLY)],
                duplicating: [(output.write.rawValue, 1), (errors.write.rawValue, 2)])
        } catch {
            for end in [output.read, errors.read] { try? end.close() }
            throw error
        }
        self.completion = completion
        streams = [(output.read, nil, []), (errors.read, nil, [])]
        do {
            for index in streams.indices {
                let descriptor = streams[index].descriptor
                try Syscall.setNonBlocking(descriptor)
                streams[index].watch = try IOWatch(descriptor, for: .readable) { [weak self] _ in self?.read(index) }
            }
        } catch {
            _ = kill(pid, SIGKILL)
            _ = Subprocess.wait(pid)
            for index in streams.indices {
                streams[index].watch?.cancel()
                try? streams[index].descriptor.close()
            }
            throw error
        }
        let pid = pid
        timer = LoopTimer { _ = kill(pid, SIGKILL) }
        timer?.schedule(after: timeout)
    }

    /// A child still running when its owner lets go of it is killed and reaped; its completion does not run.
    isolated deinit {
        guard completion != nil else { return }
        _ = kill(pid, SIGKILL)
        for index in streams.indices {
            streams[index].watch?.cancel()
            try? streams[index].descriptor.close()
        }
        timer?.cancel()
        _ = Subprocess.wait(pid)
    }

    private func read(_ index: Int) {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { try streams[index].descriptor.read(into: $0) }
            } catch let error as Errno where error == .resourceTemporarilyUnavailable || error == .interrupted {
                return
            } catch {
                count = 0
            }
            guard count > 0 else {
                streams[index].watch?.cancel()
                streams[index].watch = nil
                if streams.allSatisfy({ $0.watch == nil }) { finish() }
                return
            }
            let room = Self.outputLimit - streams[index].bytes.count
            if room > 0 { streams[index].bytes += buffer[..<min(count, room)] }
        }
    }

    /// Both streams closed: the child is exiting; reap it.
    private func finish() {
        guard let completion else { return }
        self.completion = nil
        for index in streams.indices {
            streams[index].watch?.cancel()
            try? streams[index].descriptor.close()
        }
        timer?.cancel()
        let status = Subprocess.wait(pid)
        completion(
            Subprocess.Result(
                status: status, output: String(decoding: streams[0].bytes, as: UTF8.self),
                error: String(decoding: streams[1].bytes, as: UTF8.self)))
    }
}
