import PaceCore
import PaceLog
import PaceProtocol

extension VarlinkError {
    /// The store's refusal as the `io.pace.Daemon` error of the same meaning, with its typed fields.
    init(_ refusal: EventStore.Refusal) {
        switch refusal {
        case .refused(let error): self.init(error)
        case .notRecorded(let error): self = .logUnavailable(error.description)
        }
    }

    /// The core's error as the `io.pace.Daemon` error of the same name, with its message and fields.
    init(_ error: PaceError) {
        let message = error.message
        switch error.kind {
        case .noActivityRunning:
            self = .pace("NoActivityRunning", message: message)
        case .activityAlreadyRunning(let activity, let startedAt):
            self = .pace(
                "ActivityAlreadyRunning", message: message,
                ["kind": .string(activity), "startedAt": .string(startedAt.rfc3339)])
        case .unknownActivityKind(let kind):
            self = .pace("UnknownActivityKind", message: message, ["kind": .string(kind)])
        case .restNotRunning:
            self = .pace("RestNotRunning", message: message)
        case .restAlreadyRunning:
            self = .pace("RestAlreadyRunning", message: message)
        case .flareNotActive:
            self = .pace("FlareNotActive", message: message)
        case .overlapsRunningActivity:
            self = .pace("OverlapsRunningActivity", message: message)
        case .unknownReminder(let id):
            self = .pace("UnknownReminder", message: message, ["id": .string(id.rawValue)])
        case .trialIncreaseUnavailable:
            self = .pace("TrialIncreaseUnavailable", message: message)
        case .calibrationFinished:
            self = .pace("CalibrationFinished", message: message)
        case .invalidValue(let field):
            self = .pace("InvalidValue", message: message, ["parameter": .string(field.rawValue)])
        }
    }
}
