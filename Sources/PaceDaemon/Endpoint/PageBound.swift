import PaceProtocol

/// Counts the items of one page of a paged reply (`GetEvents`, `GetHistory`) against the page's bound in bytes
/// (``PaceAPI/pageBytes``), so that no size of record makes a reply the daemon would not keep for its client.
///
/// The first item is always admitted, whatever its size: a page that could hold nothing would never move on.
struct PageBound {
    /// The most bytes of JSON the page's items may take.
    let maximumBytes: Int
    /// Bytes taken so far, a comma after each item included.
    private(set) var bytes = 0
    /// Items admitted so far.
    private(set) var count = 0

    init(maximumBytes: Int = PaceAPI.pageBytes) {
        self.maximumBytes = maximumBytes
    }

    /// Whether an item of `size` bytes fits in what is left of the bound (the first item too).
    func fits(_ size: Int) -> Bool {
        bytes + size + 1 <= maximumBytes
    }

    /// Counts in an item of `size` bytes, unless the page is not empty and the item would take it past its bound.
    /// - Returns: Whether the item belongs on this page.
    mutating func admit(_ size: Int) -> Bool {
        guard count == 0 || fits(size) else { return false }
        bytes += size + 1
        count += 1
        return true
    }
}
