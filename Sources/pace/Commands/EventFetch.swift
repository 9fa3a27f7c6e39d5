import PaceProtocol

/// Reads the recorded events page by page (`GetEvents` returns at most 1,000 at a time, and about 256 KiB), so
/// exports and dumps of years of events never run into a reply the daemon will not send, and never hold them all.
enum EventFetch {
    /// Where each page of one reading began and how many events it held: enough to read the same events again.
    struct Layout {
        fileprivate var pages: [(after: Int?, count: Int)] = []
    }

    /// Calls `page` with each page of events from `from` to `to` (RFC 3339, both optional), oldest first.
    ///
    /// - Returns: The pages' layout, for ``pages(again:from:to:client:global:_:)``.
    /// - Throws: ``ClientFailure``, and whatever `page` throws.
    @discardableResult
    static func pages(
        from: String?,
        to: String?,
        client: PaceClient,
        global: GlobalOptions,
        _ page: ([JSONValue]) throws -> Void
    ) throws -> Layout {
        var layout = Layout()
        var after: Int? = nil
        repeat {
            let reply = try global.call(client, PaceAPI.GetEvents.self, .init(from: from, to: to, after: after))
            layout.pages.append((after, reply.events.count))
            try page(reply.events)
            // A cursor that does not move on would ask for the same page forever.
            guard let next = reply.next, next > (after ?? 0) else { return layout }
            after = next
        } while true
    }

    /// Calls `page` with the same pages, holding the same events, as the reading that made `layout`: for output
    /// that needs to see every event before it writes the first (the columns of a CSV table), without holding
    /// them all. The log only grows at its end, so each page asked for again from the same place, with the number
    /// of events it held as the limit, holds the same events; events recorded since are left out.
    ///
    /// - Throws: ``ClientFailure``, and whatever `page` throws.
    static func pages(
        again layout: Layout,
        from: String?,
        to: String?,
        client: PaceClient,
        global: GlobalOptions,
        _ page: ([JSONValue]) throws -> Void
    ) throws {
        for (after, count) in layout.pages where count > 0 {
            let reply = try global.call(
                client, PaceAPI.GetEvents.self, .init(from: from, to: to, after: after, limit: count))
            try page(reply.events)
        }
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
