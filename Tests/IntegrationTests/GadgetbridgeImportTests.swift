import Foundation
import Glibc
import PaceProtocol
import PaceTestSupport
import Testing

/// Issue 17: Gadgetbridge's database export, made here by the sqlite3 tool from Gadgetbridge's own table
/// definitions (greenDAO's `MI_BAND_ACTIVITY_SAMPLE` and `DEVICE`), imported by the real pace into the real paced.
/// The sqlite3 tool, if installed.
private let sqlite3Tool: String? = ["/usr/bin/sqlite3", "/bin/sqlite3"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

@Suite(.enabled(if: sqlite3Tool != nil, "needs the sqlite3 tool (make test installs it)"))
struct GadgetbridgeImportTests {
    static let schema = """
        CREATE TABLE "DEVICE" ("_id" INTEGER PRIMARY KEY AUTOINCREMENT ,"NAME" TEXT NOT NULL ,\
        "MANUFACTURER" TEXT NOT NULL ,"IDENTIFIER" TEXT NOT NULL ,"TYPE" INTEGER NOT NULL ,"MODEL" TEXT,"ALIAS" TEXT);
        CREATE TABLE "MI_BAND_ACTIVITY_SAMPLE" ("TIMESTAMP" INTEGER NOT NULL ,"DEVICE_ID" INTEGER NOT NULL ,\
        "USER_ID" INTEGER NOT NULL ,"RAW_INTENSITY" INTEGER NOT NULL ,"STEPS" INTEGER NOT NULL ,\
        "RAW_KIND" INTEGER NOT NULL ,"HEART_RATE" INTEGER NOT NULL ,\
        PRIMARY KEY ("TIMESTAMP" ,"DEVICE_ID") ON CONFLICT REPLACE) WITHOUT ROWID;
        CREATE TABLE "TEST_MS_ACTIVITY_SAMPLE" ("TIMESTAMP" INTEGER NOT NULL ,"DEVICE_ID" INTEGER NOT NULL ,\
        "USER_ID" INTEGER NOT NULL ,"STEPS" INTEGER ,"HEART_RATE" INTEGER ,PRIMARY KEY ("TIMESTAMP" ,"DEVICE_ID"));
        INSERT INTO DEVICE VALUES (1, 'Mi Band 3', 'Xiaomi', 'C8:0F:10:AA:BB:CC', 11, NULL, NULL);
        INSERT INTO DEVICE VALUES (2, 'Other band', 'Test', 'C8:0F:10:DD:EE:FF', 99, NULL, NULL);
        """

    /// `sql` run by sqlite3 on the database at `path`.
    static func run(_ sql: String, on path: String) throws {
        let process = Process()
        process.executableURL = URL(filePath: sqlite3Tool ?? "/usr/bin/sqlite3")
        process.arguments = [path]
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(sql.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// A day's export: on the Mi Band 20 minutes of walking (90 steps, 0 or 255 bpm between real rates) ending
    /// 40 minutes ago amid still minutes; on the other band, in milliseconds, 10 minutes at 110 steps an hour ago.
    static func export(at path: String) throws {
        let now = Int64(time(nil)) / 60 * 60
        var sql = schema + "BEGIN;\n"
        for minute in stride(from: now - 3 * 3600, to: now, by: 60) {
            let walking = minute >= now - 60 * 60 && minute < now - 40 * 60
            let steps = walking ? 90 : 0
            let rate = walking ? (minute % 180 == 0 ? 255 : (minute % 120 == 0 ? 0 : 98)) : 62
            sql += "INSERT INTO MI_BAND_ACTIVITY_SAMPLE VALUES (\(minute), 1, 1, 40, \(steps), 1, \(rate));\n"
            let brisk = minute >= now - 70 * 60 && minute < now - 60 * 60
            sql += "INSERT INTO TEST_MS_ACTIVITY_SAMPLE VALUES (\(minute * 1000), 2, 1, \(brisk ? 110 : 0), NULL);\n"
        }
        try run(sql + "COMMIT;\n", on: path)
    }

    static func reply(_ result: Executables.Result) throws -> PaceAPI.ImportEvents.Reply {
        try JSONDecoder().decode(PaceAPI.ImportEvents.Reply.self, from: Data(result.standardOutput.utf8))
    }

    @Test func anExportIsImportedOnceOnEveryMachine() throws {
        let daemon = try DaemonProcess()
        try daemon.turnMorningCheckInOff()
        try daemon.start()
        let client = try PaceClient(socketPath: daemon.socketPath)
        let path = daemon.root.appending("Gadgetbridge.db")
        try Self.export(at: path)
        let before = try Data(contentsOf: URL(filePath: path))

        let first = try daemon.pace("import", path, "--json")
        #expect(first.status == 0, "\(first)")
        #expect(try Self.reply(first).imported == 2)
        let events = try client.call(PaceAPI.GetEvents.self, .init()).events
        let text = try events.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        #expect(text.filter { $0.contains(#""source":"imported""#) }.count == 2, "\(text)")
        #expect(text.contains { $0.contains(#""durationSeconds":1200"#) }, "\(text)")
        #expect(text.contains { $0.contains(#""durationSeconds":600"#) }, "\(text)")
        // Opened read-only: the file is as it was.
        #expect(try Data(contentsOf: URL(filePath: path)) == before)

        // The same export again, and a copy of it elsewhere (as another machine sees it): nothing twice.
        let copy = daemon.root.appending("copy of Gadgetbridge.db")
        try before.write(to: URL(filePath: copy))
        for file in [path, copy] {
            let again = try daemon.pace("import", file, "--json")
            #expect(again.status == 0, "\(again)")
            #expect(try Self.reply(again).imported == 0)
            #expect(try Self.reply(again).skipped == 2)
        }
        #expect(try client.call(PaceAPI.GetEvents.self, .init()).events.count == events.count)
        #expect(daemon.stop() == .exited(0))
    }

    @Test func truncatedEncryptedAndForeignDatabasesAreRefusedAndNothingChanges() throws {
        let daemon = try DaemonProcess()
        try daemon.turnMorningCheckInOff()
        try daemon.start()
        let client = try PaceClient(socketPath: daemon.socketPath)
        let before = try client.call(PaceAPI.GetEvents.self, .init()).events
        let path = daemon.root.appending("Gadgetbridge.db")
        try Self.export(at: path)
        let whole = try Data(contentsOf: URL(filePath: path))

        let truncated = daemon.root.appending("truncated.db")
        try whole.prefix(whole.count / 3).write(to: URL(filePath: truncated))
        let encrypted = daemon.root.appending("encrypted.db")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(
            to: URL(filePath: encrypted))
        let foreign = daemon.root.appending("notes.db")
        try Self.run(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes VALUES (1, 'hi');", on: foreign)

        for (file, reason) in [
            (truncated, "cut short or"), (encrypted, "encrypted"), (foreign, "not Gadgetbridge's"),
        ] {
            let refused = try daemon.pace("import", file)
            #expect(refused.status == 65, "\(refused)")
            #expect(refused.standardError.contains(reason), "\(refused)")
        }
        #expect(try client.call(PaceAPI.GetEvents.self, .init()).events == before)
        #expect(daemon.stop() == .exited(0))
    }
}
