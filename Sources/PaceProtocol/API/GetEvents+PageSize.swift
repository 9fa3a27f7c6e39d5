extension PaceAPI.GetEvents {
    /// The most events one reply holds: the default and the largest `limit`.
    package static let pageSize = 1000
}
