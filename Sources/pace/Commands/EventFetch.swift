import PaceProtocol

/// Reads the recorded events page by page (`GetEvents` returns at most 1,000 at a time), so exports and dumps of
/// years of events never run into a reply the daemon will not send.
enum EventFetch {
    /// Calls `page` with each page of events from `from` to `to` (RFC 3339, both optional), oldest first.
    ///
    /// - Throws: ``ClientFailure``, and whatever `page` throws.
    static func pages(
        from: String?,
        to: String?,
        client: PaceClient,
        global: GlobalOptions,
        _ page: ([JSONValue]) throws -> Void
    ) throws {
        var after: Int? = nil
        repeat {
            let reply = try global.call(client, PaceAPI.GetEvents.self, .init(from: from, to: to, after: after))
            try page(reply.events)
            // A cursor that does not move on would ask for the same page forever.
            guard let next = reply.next, next > (after ?? 0) else { return }
            after = next
        } while true
    }

    /// Every event from `from` to `to`.
    ///
    /// - Throws: ``ClientFailure``.
    static func all(from: String?, to: String?, client: PaceClient, global: GlobalOptions) throws -> [JSONValue] {
        var events: [JSONValue] = []
        try pages(from: from, to: to, client: client, global: global) { events += $0 }
        return events
    }
}
