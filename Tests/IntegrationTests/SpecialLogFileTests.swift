import FoundationEssentials
import Glibc
import PaceTestSupport
import Testing

/// A file in the log directory that is not a segment paced could have written — a FIFO, an absurdly large file —
/// is reported and left alone; paced still starts, answers and stops (issue 22, item 8).
@Suite struct SpecialLogFileTests {
    /// A daemon whose log directory holds `make(path)` at this month's segment name.
    private func daemon(withSegment make: (String) throws -> Void) throws -> (DaemonProcess, String) {
        let daemon = try DaemonProcess()
        let log = daemon.stateDirectory + "/log"
        for directory in [daemon.root.appending("state"), daemon.stateDirectory, log] {
            try #require(mkdir(directory, 0o700) == 0)
        }
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        let month = parts.tm_mon + 1
        let segment = log + "/\(parts.tm_year + 1900)-\(month < 10 ? "0" : "")\(month).log"
        try make(segment)
        return (daemon, segment)
    }

    @Test func pacedStartsAnswersAndStopsOnSIGTERMWithAFIFOInItsLog() throws {
        // The reproduction: paced blocked in open() on the FIFO for ever, deaf to SIGTERM.
        let (daemon, fifo) = try daemon { try #require(mkfifo($0, 0o600) == 0) }
        try daemon.start()
        #expect(try daemon.pace("checkin", "--energy", "5").status == 0)
        let doctor = try daemon.pace("doctor")
        #expect(doctor.standardOutput.contains("\(fifo) is a FIFO, not a regular file"), "\(doctor.standardOutput)")
        #expect(daemon.stop() == .exited(0))
        #expect(daemon.process?.standardError.contains("\(fifo) is a FIFO, not a regular file") == true)
        // The check-in went to a file of its own beside the FIFO, and is there after a restart.
        try daemon.start()
        let history = try daemon.pace("log", "dump")
        #expect(history.standardOutput.contains("\"energy\":5"), "\(history.standardOutput)")
        #expect(daemon.stop() == .exited(0))
    }

    @Test func pacedStartsWithAnAbsurdlyLargeSegmentWithoutReadingIt() throws {
        // The reproduction: a 32 GiB sparse segment made paced allocate all of it and abort.
        let (daemon, huge) = try daemon { path in
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            try #require(fd >= 0)
            defer { close(fd) }
            try #require(ftruncate(fd, 32 << 30) == 0)
        }
        try daemon.start()
        #expect(try daemon.pace("checkin", "--energy", "5").status == 0)
        #expect(daemon.stop() == .exited(0))
        #expect(daemon.process?.standardError.contains("\(huge) is 32 GiB") == true)
    }
}
