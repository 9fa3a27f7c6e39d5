/// The log's JSON shape of an event: `type` (the payload's kind), the header's fields and the payload's fields, in
/// one flat object. The fields follow from the definitions in `Event.swift` and `EventFields.swift`; what is here
/// only routes each kind to its fields (the `switch`es are exhaustive, so a new kind cannot be forgotten).
extension Event: Codable {
    private enum TypeKey: String, CodingKey {
        case type
    }

    package init(from decoder: any Decoder) throws {
        let tagged = try decoder.container(keyedBy: TypeKey.self)
        let type = try tagged.decode(String.self, forKey: .type)
        guard let kind = Payload.Kind.named[type] else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: tagged, debugDescription: "unknown event type \"\(type)\" (written by a newer Pace?)"
            )
        }
        header = try Header(from: decoder)
        payload = try Payload(kind, from: decoder)
    }

    package func encode(to encoder: any Encoder) throws {
        var tagged = encoder.container(keyedBy: TypeKey.self)
        try tagged.encode(payload.kind.rawValue, forKey: .type)
        try header.encode(to: encoder)
        try payload.encodeFields(to: encoder)
    }
}

extension Event.Payload {
    /// The event's kind.
    package var kind: Kind {
        switch self {
        case .activityStarted: .activityStarted
        case .activityStopped: .activityStopped
        case .activityLogged: .activityLogged
        case .restStarted: .restStarted
        case .restEnded: .restEnded
        case .checkIn: .checkIn
        case .flareStarted: .flareStarted
        case .flareEnded: .flareEnded
        case .snoozed: .snoozed
        case .reminderShown: .reminderShown
        case .reminderActedOn: .reminderActedOn
        case .calibrationAnswered: .calibrationAnswered
        case .trialIncreaseRequested: .trialIncreaseRequested
        case .retracted: .retracted
        case .amended: .amended
        case .morningReading: .morningReading
        }
    }

    /// The `type` written to the log.
    package var type: String { kind.rawValue }
}

extension Event.Payload.Kind {
    /// Each kind by its name: a hash lookup, where `init(rawValue:)` compares the name with each kind's in turn.
    static let named = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}

extension Event.Payload {

    /// The payload of kind `kind`, its fields read from `decoder` (the event's object).
    init(_ kind: Kind, from decoder: any Decoder) throws {
        switch kind {
        case .activityStarted: self = .activityStarted(try .init(from: decoder))
        case .activityStopped: self = .activityStopped
        case .activityLogged: self = .activityLogged(try .init(from: decoder))
        case .restStarted: self = .restStarted(try .init(from: decoder))
        case .restEnded: self = .restEnded
        case .checkIn: self = .checkIn(try .init(from: decoder))
        case .flareStarted: self = .flareStarted(try .init(from: decoder))
        case .flareEnded: self = .flareEnded
        case .snoozed: self = .snoozed(try .init(from: decoder))
        case .reminderShown: self = .reminderShown(try .init(from: decoder))
        case .reminderActedOn: self = .reminderActedOn(try .init(from: decoder))
        case .calibrationAnswered: self = .calibrationAnswered(try .init(from: decoder))
        case .trialIncreaseRequested: self = .trialIncreaseRequested
        case .retracted: self = .retracted(try .init(from: decoder))
        case .amended: self = .amended(try .init(from: decoder))
        case .morningReading: self = .morningReading(try .init(from: decoder))
        }
    }

    /// Writes the payload's fields into `encoder` (the event's object).
    func encodeFields(to encoder: any Encoder) throws {
        switch self {
        case .activityStarted(let fields): try fields.encode(to: encoder)
        case .activityLogged(let fields): try fields.encode(to: encoder)
        case .restStarted(let fields): try fields.encode(to: encoder)
        case .checkIn(let fields): try fields.encode(to: encoder)
        case .flareStarted(let fields): try fields.encode(to: encoder)
        case .snoozed(let fields): try fields.encode(to: encoder)
        case .reminderShown(let fields): try fields.encode(to: encoder)
        case .reminderActedOn(let fields): try fields.encode(to: encoder)
        case .calibrationAnswered(let fields): try fields.encode(to: encoder)
        case .retracted(let fields): try fields.encode(to: encoder)
        case .amended(let fields): try fields.encode(to: encoder)
        case .morningReading(let fields): try fields.encode(to: encoder)
        case .activityStopped, .restEnded, .flareEnded, .trialIncreaseRequested: break
        }
    }
}
