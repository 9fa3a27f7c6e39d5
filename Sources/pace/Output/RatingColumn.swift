import PaceProtocol

/// A check-in rating as a column of history.
struct RatingColumn: Sendable {
    var name: String
    var value: @Sendable (PaceAPI.CheckInRecord?) -> Int?

    static let all = [
        RatingColumn(name: "energy") { $0?.energy },
        RatingColumn(name: "fatigue") { $0?.fatigue },
        RatingColumn(name: "pain") { $0?.pain },
        RatingColumn(name: "sleep") { $0?.sleep },
        RatingColumn(name: "stress") { $0?.stress },
    ]
}
