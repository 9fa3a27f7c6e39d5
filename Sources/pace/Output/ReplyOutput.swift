import PaceCore
import PaceProtocol

/// A reply that carries the status after the change.
protocol StatusCarrying: Encodable {
    var status: PaceAPI.Status { get }
}

extension PaceAPI.ActivityReply: StatusCarrying {}
extension PaceAPI.StatusReply: StatusCarrying {}
extension PaceAPI.StartRest.Reply: StatusCarrying {}
extension PaceAPI.ImportEvents.Reply: StatusCarrying {}

/// Prints the reply of a command that changes something: the JSON reply, or a sentence and the status line.
enum ReplyOutput {
    /// - Parameters:
    ///   - sentence: The confirmation, given the daemon's `now` and the local zone.
    static func print(
        _ reply: some StatusCarrying,
        json: Bool,
        settings: OutputSettings,
        zone: LocalZone = SystemClock.zone,
        sentence: (Instant, LocalZone) -> String
    ) throws {
        if json {
            Console.line(try JSONOutput.render(reply))
            return
        }
        let now = Instant(rfc3339: reply.status.now) ?? SystemClock.now()
        Console.line(sentence(now, zone))
        Console.line(StatusText.line(reply.status, zone: zone, settings: settings))
    }
}
