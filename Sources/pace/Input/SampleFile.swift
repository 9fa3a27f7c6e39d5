import FoundationEssentials
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

    /// Reads an XML document of recorded activities (GPX, TCX).
    init(xml data: Data, context: Context) throws(ImportFile.Problem) {
        var reader = XMLPullReader(bytes: Array(data))
        let track: TrackReader.Track
        do {
            track = try TrackReader.read(&reader)
        } catch {
            throw ImportFile.Problem(reason: error.reason)
        }
        var finder = BoutFinder(device: track.device, rule: context.rule)
        var bouts: [ImportedBout] = []
        for sample in track.samples { bouts += finder.add(sample) }
        if let last = finder.finish() { bouts.append(last) }
        notes = []
        if track.backwards > 0 {
            notes.append("\(track.backwards) points earlier than the one before them were left out")
        }
        entries = try Self.entries(of: bouts, context: context)
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
