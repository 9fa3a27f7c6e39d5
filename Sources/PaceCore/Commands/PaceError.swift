/// Why a command cannot be carried out. Nothing was recorded.
///
/// The daemon turns these into Varlink errors named `io.pace.Daemon.` + ``Code-swift.enum/rawValue``
/// (`io.pace.Daemon.NoActivityRunning`); ``message`` is a sentence a person can act on, and ``field`` names
/// the offending parameter of an `InvalidValue`.
package struct PaceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    package var code: Code
    /// The parameter at fault (`energy`, `start`, …), for ``Code-swift.enum/invalidValue``.
    package var field: String?
    /// What went wrong and what to do, in plain words.
    package var message: String

    /// Stable error codes; the raw values are the Varlink error names' last component.
    package enum Code: String, Sendable, Equatable, CaseIterable {
        /// Stop, or a [Stop] answer, with no bout running.
        case noActivityRunning = "NoActivityRunning"
        /// Start while another bout is running.
        case activityAlreadyRunning = "ActivityAlreadyRunning"
        /// An activity name that is neither built in nor defined in the config.
        case unknownActivityKind = "UnknownActivityKind"
        /// End rest with no rest running.
        case restNotRunning = "RestNotRunning"
        /// Start rest while resting.
        case restAlreadyRunning = "RestAlreadyRunning"
        /// Switch flare mode off while it is off.
        case flareNotActive = "FlareNotActive"
        /// A logged activity that overlaps the running bout.
        case overlapsRunningActivity = "OverlapsRunningActivity"
        /// An answer to a reminder that was not shown today or yesterday.
        case unknownReminder = "UnknownReminder"
        /// A trial increase that the rules do not allow now (the message says why).
        case trialIncreaseUnavailable = "TrialIncreaseUnavailable"
        /// The bad-day question answered after calibration, when it no longer sets anything.
        case calibrationFinished = "CalibrationFinished"
        /// A parameter out of range or malformed; ``PaceError/field`` names it.
        case invalidValue = "InvalidValue"
    }

    package init(_ code: Code, field: String? = nil, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    /// An `InvalidValue` error about `field`.
    package static func invalidValue(_ field: String, _ message: String) -> PaceError {
        PaceError(.invalidValue, field: field, message)
    }

    package var description: String { message }

    /// Errors are equal when their code and field are; the wording may change.
    package static func == (lhs: PaceError, rhs: PaceError) -> Bool {
        lhs.code == rhs.code && lhs.field == rhs.field
    }
}
