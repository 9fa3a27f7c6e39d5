import ArgumentParser
import FoundationEssentials
import Glibc
import PaceCore
import PaceJSON
import PaceProtocol
import PaceSystem
import SystemPackage

/// `pace import FILE`: events exported elsewhere.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Add events exported on another machine, or what a watch or phone recorded (Gadgetbridge, GPX, TCX, Apple Health).",
        discussion: """
            Reads pace export (JSON or CSV), pace log dump, Gadgetbridge's database export, GPX and TCX files, Apple Health's export.xml \
            and a CSV of samples (columns time, steps, heart_rate, and kind and device if you have them): \
            their samples become bouts of source \
            imported (heart rate against the threshold and resting rate under [heart_rate], steps by cadence; \
            docs/events.md). Events already in the log are skipped, so importing the same file twice changes nothing. Give - to \
            read standard input. With --json: {"imported": N, "skipped": N, "status": {...}}, summed over the \
            batches the file was sent in.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Show what would be added, and record nothing.")
    var dryRun = false

    @Option(
        name: .customLong("size-limit"),
        help: ArgumentHelp(
            "Refuse a file larger than this many MiB, before reading it.", valueName: "MiB"))
    var sizeLimitMegabytes: Int = 4096

    @Argument(
        help: "The file to read.", completion: .file(extensions: ["csv", "json", "jsonl", "gpx", "tcx", "xml", "db"]))
    var file: String

    func run() throws {
        try reportingFailures {
            guard sizeLimitMegabytes > 0 else { throw CommandFailure.usage("--size-limit must be at least 1 (MiB)") }
            try checkSize()
            // The first bytes tell the format; a database and XML (Apple Health's runs to gigabytes) are read from
            // the file, the rest whole.
            let head = file == "-" ? nil : Self.head(of: file)
            let data = head == nil ? try FileOutput.read(file) : Data()
            // Connected when first needed: a file that is no export is refused before paced is asked anything.
            var connected: PaceClient?
            func client() throws -> PaceClient {
                if let connected { return connected }
                let client = try global.connect()
                connected = client
                return client
            }
            let contents: ImportFile
            do {
                if let head, GadgetbridgeFile.isSQLite(head) {
                    let database = try GadgetbridgeFile(path: file, context: Self.sampleContext(try client()))
                    contents = ImportFile(entries: database.entries, notes: database.notes)
                } else if let head, head.contains(0) {
                    throw ImportFile.Problem(
                        reason: "it is a binary file Pace does not read (an encrypted or damaged database?); "
                            + "export Gadgetbridge's database unencrypted, or give a GPX, TCX or Pace export")
                } else if let head, SampleFile.isXML(head) {
                    let samples = try SampleFile(xmlFile: file, context: Self.sampleContext(try client()))
                    contents = ImportFile(entries: samples.entries, notes: samples.notes)
                } else if let head {
                    // A CSV of samples needs the thresholds; a Pace export does not.
                    let firstLine = head.prefix { $0 != 0x0A && $0 != 0x0D }
                    let header = String(decoding: firstLine, as: UTF8.self).split(separator: ",").map(String.init)
                    let context = SampleCSV.isSamples(header) ? Self.sampleContext(try client()) : nil
                    contents = try ImportFile(try FileOutput.read(file), samples: context)
                } else if GadgetbridgeFile.isSQLite(data.prefix(16)) {
                    throw ImportFile.Problem(reason: "a database is read from a file, not standard input")
                } else {
                    contents = try ImportFile(data, samples: Self.sampleContext(try client()))
                }
            } catch let problem as ImportFile.Problem {
                throw CommandFailure.dataError("cannot import \(file): \(problem.reason)")
            }
            // Reading a large file takes longer than paced keeps a quiet connection ([server] idle_timeout): the
            // calls that follow go on a connection of their own.
            connected = nil
            for note in contents.notes { Console.error("pace: \(file): \(note)") }
            guard !contents.entries.isEmpty else {
                throw CommandFailure.dataError("\(file) holds no events; nothing was imported")
            }
            if dryRun {
                try reportDryRun(contents, client: try client())
                return
            }
            var total = PaceAPI.ImportEvents.Reply?.none
            var done = 0
            let batches = contents.batches()
            for (number, batch) in batches.enumerated() {
                let reply: PaceAPI.ImportEvents.Reply
                // All but the last say more follow: paced folds the whole file once, after the last.
                let more = number < batches.count - 1 ? true : nil
                do {
                    reply = try client().call(
                        PaceAPI.ImportEvents.self, writing: ImportFile.Call(entries: batch, more: more))
                } catch let error as VarlinkClientError {
                    if case .remote(let remote) = error.code, remote.name == PaceAPI.InvalidEvent.name {
                        throw CommandFailure.dataError(
                            Self.invalidEventMessage(remote, batch: batch, file: file, alreadyImported: done))
                    }
                    throw ClientFailure(error)
                }
                done += batch.count
                total = PaceAPI.ImportEvents.Reply(
                    imported: (total?.imported ?? 0) + reply.imported, skipped: (total?.skipped ?? 0) + reply.skipped,
                    status: reply.status)
            }
            guard let total else { return }
            if global.json {
                Console.line(try JSONOutput.render(total))
            } else {
                let events = total.imported == 1 ? "1 event" : "\(total.imported) events"
                let skipped = total.skipped == 0 ? "" : "; \(total.skipped) were already there and were skipped"
                Console.line("Imported \(events) from \(file)\(skipped).")
                Console.line(StatusText.line(total.status, zone: SystemClock.zone, settings: global.settings))
            }
        }
    }

    /// Refuses a file over `--size-limit` (standard input is measured as it is read).
    func checkSize() throws {
        guard file != "-", let status = try? Syscall.lstat(file), status.type == .regular else { return }
        let limit = Int64(sizeLimitMegabytes) * 1024 * 1024
        guard Int64(status.size) > limit else { return }
        throw CommandFailure.dataError(
            "cannot import \(file): it is \(Int64(status.size) / (1024 * 1024)) MiB, larger than the limit of "
                + "\(sizeLimitMegabytes) MiB; nothing was imported (raise it with --size-limit, or [import] size_limit_mb for the inbox)"
        )
    }

    /// `--dry-run`: which events of `contents` the log does not hold yet (by id, derived as paced derives it for
    /// an event without one), listed, and nothing recorded.
    func reportDryRun(_ contents: ImportFile, client: PaceClient) throws {
        // The log's events as stored: those written before ids have none, and get the one paced derives from their
        // place and bytes (the bytes as written again in canonical order, as Pace writes them).
        var known = Set<String>()
        var logOccurrences = EventOccurrences()
        try EventFetch.pages(from: nil, to: nil, client: client, global: global) { page in
            for value in page {
                guard let text = PaceJSON.JSONOutput.text(of: value),
                    let event = try? JSONInput.decode(Event.self, from: String(decoding: text, as: UTF8.self))
                else { continue }
                let id = logOccurrences.id(of: event) { EventID.contentHash(text) }
                known.insert(id.description)
            }
        }
        var occurrences = EventOccurrences()
        var fresh: [ImportFile.Entry] = []
        for entry in contents.entries {
            let event: Event
            do {
                event = try JSONInput.decode(Event.self, from: String(decoding: entry.text, as: UTF8.self))
            } catch {
                throw CommandFailure.dataError("\(entry.place) of \(file) is not a Pace event: \(error)")
            }
            let id = occurrences.id(of: event) {
                EventID.contentHash(Array(((try? JSONOutput.line(event)) ?? "").utf8))
            }
            if known.insert(id.description).inserted { fresh.append(entry) }
        }
        let skipped = contents.entries.count - fresh.count
        if global.json {
            Console.line(try JSONOutput.render(DryRun(imported: fresh.count, skipped: skipped, dryRun: true)))
            return
        }
        let events = fresh.count == 1 ? "1 event" : "\(fresh.count) events"
        let already = skipped == 0 ? "" : "; \(skipped) are already there"
        Console.line("Would import \(events) from \(file)\(already). Nothing was recorded (--dry-run).")
        for entry in fresh.prefix(50) { Console.line("  \(entry.place)") }
        if fresh.count > 50 { Console.line("  … and \(fresh.count - 50) more") }
    }

    /// What `--dry-run --json` writes.
    struct DryRun: Encodable {
        var imported: Int
        var skipped: Int
        var dryRun: Bool
    }

    /// The first KiB of the file at `path` (`nil` when it cannot be read: reading it whole says why).
    static func head(of path: String) -> [UInt8]? {
        guard let handle = fopen(path, "rb") else { return nil }
        defer { fclose(handle) }
        var bytes = [UInt8](repeating: 0, count: 1024)
        let count = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
        return Array(bytes.prefix(count))
    }

    /// How samples become bouts here: the heart-rate threshold and resting rate paced goes by (none when it has
    /// none), the built-in kinds' rates, now and the local zone.
    static func sampleContext(_ client: PaceClient) -> SampleFile.Context {
        let heartRate = try? client.call(PaceAPI.GetHeartRate.self, NoParameters()).heartRate
        let rule = SampleBoutRule(
            settings: PaceSettings(), resting: heartRate?.restingBeatsPerMinute, threshold: heartRate?.threshold)
        return SampleFile.Context(rule: rule, now: SystemClock.now(), zone: SystemClock.zone)
    }

    /// Where the refused event is in the file, why, and what happened to the rest.
    static func invalidEventMessage(
        _ error: VarlinkError,
        batch: ArraySlice<ImportFile.Entry>,
        file: String,
        alreadyImported: Int
    ) -> String {
        let invalid = error.typed(as: PaceAPI.InvalidEvent.self)
        var place = "an event"
        if let index = invalid?.index, batch.indices.contains(batch.startIndex + index) {
            place = batch[batch.startIndex + index].place
        }
        let reason = invalid?.reason ?? "not a valid Pace event"
        let before =
            alreadyImported == 0
            ? "nothing was imported"
            : "the \(alreadyImported) events before its batch were imported, and importing them again changes nothing"
        return "\(place) of \(file) was refused (\(reason)); fix or remove it and import again; \(before)."
    }
}
