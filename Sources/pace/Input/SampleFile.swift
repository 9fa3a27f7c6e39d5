import FoundationEssentials
import Glibc
import PaceCore
import PaceJSON
import PaceProtocol

/// Files of samples a watch, band or phone wrote (GPX, TCX), read to bouts by the import rule (docs/events.md,
/// "Imported samples") and so to events of source `imported`, with ids from the device and the samples' times.
struct SampleFile {
    /// How samples become bouts, and when and where the bouts are recorded.
    struct Context {
        var rule: SampleBoutRule
        var now: Instant
        var zone: LocalZone
    }

    /// The events of the bouts, and what was left out and why.
    var entries: [ImportFile.Entry]
    var notes: [String]

    /// Reads an XML document of recorded activities (GPX, TCX, Apple Health's export.xml) held in memory.
    init(xml data: Data, context: Context) throws(ImportFile.Problem) {
        var reader = XMLPullReader(bytes: Array(data))
        try self.init(reader: &reader, context: context)
    }

    /// Reads an XML document of recorded activities from the file at `path`, 1 MiB at a time.
    init(xmlFile path: String, context: Context) throws(ImportFile.Problem) {
        guard let file = fopen(path, "rb") else {
            throw ImportFile.Problem(reason: "it cannot be opened (\(String(cString: strerror(errno))))")
        }
        defer { fclose(file) }
        var reader = XMLPullReader {
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            guard count > 0 else {
                if ferror(file) != 0 { throw ImportFile.Problem(reason: "it cannot be read to the end") }
                return nil
            }
            chunk.removeSubrange(count...)
            return chunk
        }
        try self.init(reader: &reader, context: context)
    }

    private init(reader: inout XMLPullReader, context: Context) throws(ImportFile.Problem) {
        let tracks: [TrackReader.Track]
        do {
            tracks = try TrackReader.readAny(&reader)
        } catch {
            throw ImportFile.Problem(reason: error.reason)
        }
        var bouts: [ImportedBout] = []
        var backwards = 0
        for track in tracks {
            var finder = BoutFinder(device: track.device, rule: context.rule)
            for sample in track.samples { bouts += finder.add(sample) }
            if let last = finder.finish() { bouts.append(last) }
            backwards += track.backwards
        }
        notes = []
        if backwards > 0 {
            notes.append("\(backwards) points earlier than the one before them were left out")
        }
        entries = try Self.entries(of: bouts, context: context)
    }

    /// Whether `head`, a file's first bytes, begins an XML document.
    static func isXML(_ head: some Collection<UInt8>) -> Bool {
        head.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) } == UInt8(ascii: "<")
    }

    /// Each bout's event, as JSON the daemon reads; bouts still under way at `now` are left for a later import.
    static func entries(of bouts: [ImportedBout], context: Context) throws(ImportFile.Problem) -> [ImportFile.Entry] {
        var entries: [ImportFile.Entry] = []
        for bout in bouts where bout.end <= context.now {
            let event = bout.event(recordedAt: context.now, utcOffsetSeconds: context.zone.offsetAt(bout.start))
            let text: String
            do {
                text = try JSONOutput.line(event)
            } catch {
                throw ImportFile.Problem(reason: "a bout could not be written: \(error)")
            }
            let bytes = Array(text.utf8)
            guard let value = bytes.withUnsafeBytes({ JSONInput.read(JSONValue.self, from: $0) }) else {
                throw ImportFile.Problem(reason: "a bout could not be written as JSON")
            }
            let minute = ClockText.time(bout.start, zone: context.zone)
            entries.append(
                ImportFile.Entry(event: value, place: "the bout of \(bout.minutes) min at \(minute)", text: bytes))
        }
        return entries
    }
}
