import PaceCore

/// What a device says about itself in its folder: `devices/<id>/device` (docs/sync.md), written whole.
struct DeviceManifest: Codable, Equatable {
    /// The layout's version.
    static let currentFormat = 1
    /// The file's name in a device's folder.
    static let fileName = "device"

    var format = Self.currentFormat
    var id: DeviceID
    var name: String
    /// When the file was written (ms since 1970).
    var updatedAt: Int64
    /// The latest `at` of the device's own events, if it has any (ms since 1970).
    var lastEventAt: Int64?
    /// How many events its folder holds.
    var events: Int
    /// For each other device: the latest `at` of that device's events this one has merged (ms since 1970).
    var merged: [String: Int64] = [:]
    /// The settings that change how events are counted; `nil` when the file holds none this Pace reads.
    var fold: FoldSettings?
}

extension DeviceManifest {
    /// Only `id` is required: every other field a device may leave out, or write in a shape a newer Pace made, and
    /// the rest of the file is still read.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(DeviceID.self, forKey: .id)
        format = (try? c.decode(Int.self, forKey: .format)) ?? Self.currentFormat
        name = (try? c.decode(String.self, forKey: .name)) ?? id.description
        updatedAt = (try? c.decode(Int64.self, forKey: .updatedAt)) ?? 0
        lastEventAt = try? c.decode(Int64.self, forKey: .lastEventAt)
        events = (try? c.decode(Int.self, forKey: .events)) ?? 0
        merged = (try? c.decode([String: Int64].self, forKey: .merged)) ?? [:]
        fold = try? c.decode(FoldSettings.self, forKey: .fold)
    }
}

/// The settings that change the fold (how the same events are counted): the day's start hour, the activity kinds
/// and their weights, the envelope's parameters. Each device publishes its own; a difference is reported, not
/// resolved (docs/sync.md, "Settings that change the fold").
struct FoldSettings: Codable, Equatable {
    var dayStartHour: Int
    var referenceActivity: String
    var activities: [ActivityKind]
    var intensityFactors: IntensityFactors
    var envelope: EnvelopeParameters
    var longestBoutMinutes: Int
    var provisionalBudgetMinutes: Int

    init(_ settings: PaceSettings) {
        dayStartHour = settings.dayStartHour
        referenceActivity = settings.referenceActivity
        activities = settings.activities
        intensityFactors = settings.intensityFactors
        envelope = settings.envelope
        longestBoutMinutes = settings.longestBoutMinutes
        provisionalBudgetMinutes = settings.provisionalBudgetMinutes
    }

    /// What differs from `other`, in words: "the day's start hour (05:00 there, 04:00 here)", …; empty when nothing.
    func differences(from other: FoldSettings) -> [String] {
        var found: [String] = []
        func hour(_ value: Int) -> String { value < 10 ? "0\(value):00" : "\(value):00" }
        if dayStartHour != other.dayStartHour {
            found.append("the day's start hour (\(hour(other.dayStartHour)) there, \(hour(dayStartHour)) here)")
        }
        if referenceActivity != other.referenceActivity {
            found.append("the reference activity (\(other.referenceActivity) there, \(referenceActivity) here)")
        }
        if activities != other.activities || intensityFactors != other.intensityFactors {
            found.append("the activity kinds or their weights ([kinds], [activities])")
        }
        if envelope != other.envelope || provisionalBudgetMinutes != other.provisionalBudgetMinutes
            || longestBoutMinutes != other.longestBoutMinutes
        {
            found.append("the budget's parameters ([budget])")
        }
        return found
    }
}
