import FoundationEssentials
import PaceProtocol
import PaceTestSupport
import Testing

/// The Debian packaging in `debian/`, checked without building a package (`make deb` builds one, and
/// `make test-session` installs it on a booted machine).
@Suite struct DebianPackageTests {
    static let debian = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../debian")
        .standardized.path(percentEncoded: false)

    /// The package's version is the one `pace --version` prints: debian/changelog's newest entry names
    /// `ProductInfo.version` (`make deb` refuses to build otherwise; this says so before anyone runs it).
    @Test func theChangelogNamesTheVersionPacePrints() throws {
        let changelog = try text("changelog")
        let first = try #require(changelog.split(separator: "\n").first)
        #expect(first.hasPrefix("pace (\(ProductInfo.version)) "), "debian/changelog begins \"\(first)\"")
    }

    /// A maintainer script that does not parse fails `apt install` half way; dash is the /bin/sh they run with.
    @Test(arguments: ["pace.postinst", "pace.prerm", "pace.postrm"])
    func theMaintainerScriptsParseAsPosixShell(_ name: String) throws {
        let script = Self.debian + "/" + name
        #expect(try text(name).hasPrefix("#!/bin/sh\n"))
        let scratch = TemporaryDirectory(prefix: "pace-debian")
        defer { scratch.remove() }
        let child = try ChildProcess("/bin/sh", ["-n", script], environment: [:], outputDirectory: scratch.path)
        let termination = try #require(child.wait(timeoutMilliseconds: 10_000), "sh -n \(name) did not finish")
        #expect(termination == .exited(0), "\(name): \(child.standardError)")
    }

    /// Removing or purging the package never deletes anyone's data: no maintainer script removes a file in a
    /// home directory, and purging says where the data stays.
    @Test func removingThePackageLeavesPeoplesData() throws {
        for name in ["pace.postinst", "pace.prerm", "pace.postrm"] {
            let lines = try text(name).split(separator: "\n").filter { !$0.drop(while: { $0 == " " }).hasPrefix("#") }
            #expect(!lines.contains { $0.contains("rm ") }, "\(name) removes files")
        }
        #expect(try text("pace.postrm").contains("~/.local/state/pace"))
    }

    private func text(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(filePath: Self.debian + "/" + name)), as: UTF8.self)
    }
}
