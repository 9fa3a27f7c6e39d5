import ArgumentParser
import PaceProtocol

/// `--intensity`: how hard an activity was.
enum IntensityArgument: String, ExpressibleByArgument, CaseIterable {
    case light, moderate, vigorous

    var api: PaceAPI.Intensity {
        switch self {
        case .light: return .light
        case .moderate: return .moderate
        case .vigorous: return .vigorous
        }
    }
}
