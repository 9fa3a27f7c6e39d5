import PaceCore
import PaceLog
import PaceProtocol

extension VarlinkError {
    /// The store's refusal as the `io.pace.Daemon` error of the same meaning, with its typed fields.
    init(_ refusal: EventStore.Refusal) {
        switch refusal {
        case .refused(let error): self.init(error)
        case .outOfRange(_, let error):
            self.init(PaceAPI.InvalidValue(parameter: error.field.rawValue, message: error.message))
        case .notRecorded(let error): self.init(PaceAPI.LogUnavailable(reason: error.description))
        }
    }

    /// The core's error as the `io.pace.Daemon` error of the same name, with its message and fields.
    ///
    /// The switch is exhaustive and each case builds the error type generated from the interface: a kind of refusal
    /// the interface does not declare, or a field it names differently, does not compile.
    init(_ error: PaceError) {
        let message = error.message
        switch error.kind {
        case .noActivityRunning:
            self.init(PaceAPI.NoActivityRunning(message: message))
        case .activityAlreadyRunning(let activity, let startedAt):
            self.init(PaceAPI.ActivityAlreadyRunning(kind: activity, startedAt: startedAt.rfc3339, message: message))
        case .unknownActivityKind(let kind):
            self.init(PaceAPI.UnknownActivityKind(kind: kind, message: message))
        case .restNotRunning:
            self.init(PaceAPI.RestNotRunning(message: message))
        case .restAlreadyRunning:
            self.init(PaceAPI.RestAlreadyRunning(message: message))
        case .flareNotActive:
            self.init(PaceAPI.FlareNotActive(message: message))
        case .overlapsRunningActivity:
            self.init(PaceAPI.OverlapsRunningActivity(message: message))
        case .unknownReminder(let id):
            self.init(PaceAPI.UnknownReminder(id: id.rawValue, message: message))
        case .trialIncreaseUnavailable:
            self.init(PaceAPI.TrialIncreaseUnavailable(message: message))
        case .calibrationFinished:
            self.init(PaceAPI.CalibrationFinished(message: message))
        case .implausible:
            self.init(PaceAPI.ImplausibleEntry(message: message))
        case .invalidValue(let field):
            self.init(PaceAPI.InvalidValue(parameter: field.rawValue, message: message))
        case .eventNotFound(let id):
            self.init(PaceAPI.EventNotFound(id: id, message: message))
        case .eventAlreadyRetracted(let id):
            self.init(PaceAPI.EventAlreadyRetracted(id: id.description, message: message))
        case .notABout(let id):
            self.init(PaceAPI.NotABout(id: id.description, message: message))
        case .ambiguousEventID(let id, let matches):
            self.init(PaceAPI.AmbiguousEventID(id: id, matches: matches, message: message))
        }
    }
}
