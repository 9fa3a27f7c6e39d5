import FoundationEssentials
import Glibc
import PaceDaemon
import Testing

@Suite struct LogDestinationTests {
    @Test func theJournalIsChosenOnlyWhenJournalStreamIsStandardError() {
        var info = stat()
        fstat(2, &info)
        let mine = "\(info.st_dev):\(info.st_ino)"
        #expect(LogDestination.standardErrorIsJournal(environment: ["JOURNAL_STREAM": mine]))
        for other in [nil, "", "1:2", "\(info.st_dev):\(info.st_ino + 1)", "\(info.st_dev)", "a:b", "\(mine):0"] {
            var environment: [String: String] = [:]
            environment["JOURNAL_STREAM"] = other
            #expect(!LogDestination.standardErrorIsJournal(environment: environment), "\(other ?? "unset")")
        }
    }

    @Test func messageIDsAreDistinctAndWellFormed() {
        let ids = MessageID.all.map(\.id.hex)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.count == 32 && id.allSatisfy { $0.isHexDigit && !$0.isUppercase }, "\(id)")
        }
    }

    @Test func theReadmeListsEveryMessageID() throws {
        let readme = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../../README.md")
        let text = String(decoding: try Data(contentsOf: readme.standardized), as: UTF8.self)
        for (name, id) in MessageID.all {
            #expect(text.contains("| `\(id.hex)` |"), "README.md lacks the MESSAGE_ID of \(name)")
        }
    }
}
