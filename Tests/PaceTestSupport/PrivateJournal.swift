import FoundationEssentials
import Glibc
import PaceSystem

/// A real `systemd-journald` of the test's own, for one command, in a private mount namespace.
///
/// libsystemd's `sd_journal_sendv` always writes to `/run/systemd/journal/socket`, and tests run in parallel,
/// maybe on a machine whose own journald owns that path. So ``run(_:_:environment:journald:)`` starts
/// `unshare --mount` with a shell (``script``) that bind-mounts a directory of the test over `/run`, starts
/// journald there (with `Storage=volatile`, so its files land in that directory, and no kernel log, wall or
/// syslog forwarding), runs the command beside it, and stops journald by pid when the command is done. Only
/// the two processes see the private `/run`; the test reads the journal files with
/// `journalctl --directory`. Needs root (mounts); journald runs without systemd as PID 1.
///
/// The shell passes SIGTERM, SIGINT and SIGHUP on to the command and records the pids of journald and the
/// command, so a test can signal the command and ``stop()`` can end both by pid, whatever happened.
package final class PrivateJournal: @unchecked Sendable {
    /// The shell that sets up the namespace, started by ``run(_:_:environment:journald:)``.
    package private(set) var process: ChildProcess?
    private let root: TemporaryDirectory

    /// Where journald may live: Debian puts it in `/lib/systemd`, merged-usr systems in `/usr/lib/systemd`.
    private static let journaldPaths = ["/lib/systemd/systemd-journald", "/usr/lib/systemd/systemd-journald"]
    private static let journald = journaldPaths.first { access($0, X_OK) == 0 }

    /// Whether a private journal can run here: journald and `unshare` installed, and root to mount.
    package static var isAvailable: Bool {
        getuid() == 0 && journald != nil && access("/usr/bin/unshare", X_OK) == 0
    }

    package init() {
        root = TemporaryDirectory(prefix: "pace-journal")
        mkdir(root.appending("run"), 0o755)
        mkdir(root.appending("output"), 0o700)
    }

    deinit {
        stop()
        root.remove()
    }

    /// Starts `executable` with `arguments` beside a private journald; returns once the command runs.
    ///
    /// - Parameters:
    ///   - environment: The command's environment.
    ///   - journald: `false` runs the command in the same private `/run` with no journald, only the socket
    ///     file a crashed one leaves behind, to see what logging does when the journal cannot take entries.
    /// - Throws: ``DaemonFailure`` when journald or the command did not start within 10 s.
    package func start(
        _ executable: String, _ arguments: [String], environment: [String: String], journald: Bool = true
    ) throws {
        let script = root.appending("run.sh")
        try Data(Self.script.utf8).write(to: URL(filePath: script))
        var environment = environment
        environment["PACE_TEST_JOURNALD"] = journald ? Self.journald : ""
        let process = try ChildProcess(
            "/usr/bin/unshare",
            ["--mount", "--propagation", "private", "/bin/sh", script, root.path, executable] + arguments,
            environment: environment, outputDirectory: root.appending("output"))
        self.process = process
        let deadline = Monotonic.milliseconds() + 10_000
        while commandPID == nil {
            if !process.isRunning || Monotonic.milliseconds() > deadline {
                throw DaemonFailure(description: "the private journal did not start: \(process.standardError)")
            }
            usleep(5000)
        }
    }

    /// Runs `executable` to completion beside a private journald (see ``start(_:_:environment:journald:)``).
    /// - Returns: How the command ended and what the shell and journald printed (the command's own output
    ///   goes where it sends it: with a journald, ``JournalLogHandler`` sends it to the journal).
    package func run(
        _ executable: String, _ arguments: [String], environment: [String: String], journald: Bool = true
    ) throws -> Executables.Result {
        try start(executable, arguments, environment: environment, journald: journald)
        guard let process, let termination = process.wait(timeoutMilliseconds: 30_000) else {
            throw ChildTimedOut(command: ([executable] + arguments).joined(separator: " "))
        }
        let status: Int32
        switch termination {
        case .exited(let code): status = code
        case .signalled(let signal): status = 128 + signal
        }
        return Executables.Result(
            status: status, standardOutput: process.standardOutput, standardError: process.standardError)
    }

    /// The pid of the command (and not of the shell around it), once it runs.
    package var commandPID: Int32? { readPID("command.pid") }

    /// Ends journald, the command and the shell, by pid, if they still run.
    package func stop() {
        for name in ["command.pid", "journald.pid"] {
            if let pid = readPID(name), pid > 1 { kill(pid, SIGKILL) }
        }
        if let process, process.isRunning {
            process.signal(SIGKILL)
            process.wait()
        }
    }

    /// The journal's entries as `journalctl -o json` prints them, oldest first, filtered by `matches`
    /// (`FIELD=value`, as on journalctl's command line).
    package func entries(_ matches: [String] = []) throws -> [JournalEntry] {
        let directory = root.appending("run/log/journal")
        let journalctl = try ChildProcess(
            "/usr/bin/journalctl", ["--directory=\(directory)", "--output=json", "--no-pager"] + matches,
            environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"], outputDirectory: root.appending("output"))
        guard journalctl.wait(timeoutMilliseconds: 30_000) == .exited(0) else {
            throw DaemonFailure(description: "journalctl failed: \(journalctl.standardError)")
        }
        return try journalctl.standardOutput.split(separator: "\n").map {
            try JSONDecoder().decode(JournalEntry.self, from: Data($0.utf8))
        }
    }

    private func readPID(_ name: String) -> Int32? {
        guard let data = FileManager.default.contents(atPath: root.appending(name)) else { return nil }
        return Int32(String(decoding: data, as: UTF8.self).filter(\.isNumber))
    }

    /// The shell run inside the namespace: `run.sh ROOT COMMAND [ARGUMENTS…]`; `$PACE_TEST_JOURNALD` names
    /// journald, or is empty to run without one.
    static let script = #"""
        set -u
        root=$1; shift
        journald=${PACE_TEST_JOURNALD:-}
        unset PACE_TEST_JOURNALD
        mount --bind "$root/run" /run || exit 90
        mkdir -p /run/systemd/journal /run/systemd/journald.conf.d /run/log/journal
        printf '[Journal]\nStorage=volatile\nReadKMsg=no\nForwardToSyslog=no\nForwardToKMsg=no\nForwardToConsole=no\nForwardToWall=no\n' \
            > /run/systemd/journald.conf.d/pace-test.conf
        if [ -z "$journald" ]; then
            # A socket file nobody listens on, as a crashed journald leaves behind.
            : > /run/systemd/journal/socket
        else
            # journald needs the cgroup file system, which a chroot may lack; mounted here, only this namespace sees it.
            grep -q ' /sys/fs/cgroup ' /proc/self/mountinfo || mount -t cgroup2 cgroup2 /sys/fs/cgroup
            # Not the command's environment: journald would report to the test's NOTIFY_SOCKET as if it were
            # paced. Its own complaints go to our stderr rather than the machine's kernel log.
            env -i PATH=/usr/bin:/bin SYSTEMD_LOG_TARGET=console SYSTEMD_LOG_LEVEL=warning "$journald" &
            echo $! > "$root/journald.pid"
            tries=0
            until [ -S /run/systemd/journal/socket ]; do
                tries=$((tries + 1)); [ $tries -lt 1000 ] || { echo "journald did not start" >&2; exit 91; }
                sleep 0.01
            done
        fi
        "$@" &
        child=$!
        trap 'kill -TERM $child' TERM
        trap 'kill -INT $child' INT
        trap 'kill -HUP $child' HUP
        echo $child > "$root/command.pid"
        # wait returns early when a trapped signal arrives; wait again until the command is gone.
        while :; do
            wait $child; status=$?
            kill -0 $child 2>/dev/null || break
        done
        if [ -n "$journald" ]; then
            journalctl --sync
            kill -TERM "$(cat "$root/journald.pid")"
            wait
        fi
        exit $status
        """#
}

/// One journal entry as `journalctl -o json` prints it: a field with several values is a list.
package struct JournalEntry: Decodable, Sendable {
    /// Every field, each with its values (one for most fields).
    package var fields: [String: [String]]

    /// The field's only or first value.
    package subscript(_ name: String) -> String? { fields[name]?.first }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode([String: FieldValue].self)
        fields = raw.mapValues(\.values)
    }

    private enum FieldValue: Decodable {
        case one(String)
        case many([String])
        /// A value that is not UTF-8 text: journalctl prints its bytes as numbers.
        case bytes([UInt8])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .one(text)
            } else if let texts = try? container.decode([String].self) {
                self = .many(texts)
            } else {
                self = .bytes(try container.decode([UInt8].self))
            }
        }

        var values: [String] {
            switch self {
            case .one(let text): return [text]
            case .many(let texts): return texts
            case .bytes(let bytes): return [String(decoding: bytes, as: UTF8.self)]
            }
        }
    }
}
