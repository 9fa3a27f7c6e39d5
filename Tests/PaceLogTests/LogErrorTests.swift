import PaceSystem
import SystemPackage
import Testing

@testable import PaceLog

/// Every append failure says what happened, where, that nothing was recorded, and what to do.
@Suite struct LogErrorTests {
    static let path = "/home/ana/.local/state/pace/log/2026-11.log"

    @Test(arguments: [
        (Errno.noSpace, LogError.Code.diskFull, "the disk is full", "Free some space"),
        (.diskQuotaExceeded, .quotaExceeded, "your disk quota is used up", "raise the quota"),
        (.readOnlyFileSystem, .readOnlyFileSystem, "the file system is read-only", "Remount it read-write"),
        (.permissionDenied, .permissionDenied, "permission denied", "belong to you and are writable"),
        (.notPermitted, .permissionDenied, "permission denied", "ls -ld \(path)"),
        (.ioError, .ioError, "the disk reported an I/O error", "Check the disk"),
        (.badFileDescriptor, .systemError, "Bad file descriptor", "Try again"),
    ])
    func appendFailuresExplainThemselves(errno: Errno, code: LogError.Code, reason: String, advice: String) {
        let error = LogError.writeFailed(SystemError("pwrite", errno: errno, path: Self.path), path: Self.path)
        #expect(error.code == code)
        #expect(error.description.hasPrefix("cannot write the log: \(reason) (\(Self.path), pwrite)"))
        #expect(error.description.contains("; nothing was recorded. "))
        #expect(error.description.contains(advice))
        #expect(error.cause?.errno == errno)
    }

    @Test func aWriteThatCouldNotBeTakenBackDoesNotClaimNothingWasRecorded() {
        let cause = SystemError("fdatasync", errno: .ioError, path: Self.path)
        let error = LogError.writeFailed(cause, path: Self.path, undone: false)
        #expect(!error.description.contains("nothing was recorded"))
        #expect(error.description.contains("it may or may not have been recorded"))
    }
}
