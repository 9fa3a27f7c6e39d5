extension PaceAPI {
    /// About the most bytes of JSON the items of one page of a paged reply take (`GetEvents`, `GetHistory`): the
    /// item that would pass it goes to the next page, unless it is the page's first.
    ///
    /// A quarter of ``maximumReplyBytes``, so that a page with one item as large as a request may be (64 KiB) still
    /// fits with room to spare.
    package static let pageBytes = 256 * 1024

    /// The most bytes of replies the daemon keeps for a client that has not read them yet, past which it drops the
    /// client; so no single reply is larger, and a client never needs to accept a larger one.
    package static let maximumReplyBytes = 1024 * 1024
}
