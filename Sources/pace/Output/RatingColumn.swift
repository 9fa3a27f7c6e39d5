import PaceProtocol

/// A check-in rating as a column of history.
struct RatingColumn: Sendable {
    var name: String
    /// Which way is better: up for energy and sleep (10 = slept well), down for fatigue, pain and stress (0 = none).
    var higherIsBetter: Bool
    var value: @Sendable (PaceAPI.CheckInRecord?) -> Int?

    static let all = [
        RatingColumn(name: "energy", higherIsBetter: true) { $0?.energy },
        RatingColumn(name: "fatigue", higherIsBetter: false) { $0?.fatigue },
        RatingColumn(name: "pain", higherIsBetter: false) { $0?.pain },
        RatingColumn(name: "sleep", higherIsBetter: true) { $0?.sleep },
        RatingColumn(name: "stress", higherIsBetter: false) { $0?.stress },
    ]
}
