import PaceCore

/// An event of the ledger's window (``Ledger/Saved``) as the bytes the log holds for it (``EventCodec``), so that a
/// snapshot's window is read by the log's own fast path: a few hundred nanoseconds an event, where the `Codable`
/// path took tens of microseconds, and no second description of an event's fields to keep in step.
extension Event: BinaryPacked {
    func pack(into writer: inout BinaryWriter) {
        writer.data(EventCodec.encode(self))
    }

    init(unpacking reader: inout BinaryReader) throws {
        self = try EventCodec.decode(try reader.data())
    }
}
