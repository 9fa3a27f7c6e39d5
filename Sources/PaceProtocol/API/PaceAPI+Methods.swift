extension PaceAPI {
    /// The daemon's current status.
    package enum GetStatus: VarlinkMethod {
        package typealias Parameters = NoParameters
        package static let name = "io.pace.Daemon.GetStatus"

        package struct Reply: Codable, Sendable, Equatable {
            package var status: Status

            package init(status: Status) {
                self.status = status
            }
        }
    }

    /// Starts an activity bout.
    package enum StartActivity: VarlinkMethod {
        package static let name = "io.pace.Daemon.StartActivity"

        package struct Parameters: Codable, Sendable, Equatable {
            package var kind: String?
            package var intensity: Intensity?
            package var startedAt: String?

            package init(kind: String? = nil, intensity: Intensity? = nil, startedAt: String? = nil) {
                self.kind = kind
                self.intensity = intensity
                self.startedAt = startedAt
            }
        }

        package typealias Reply = ActivityReply
    }

    /// Ends the running activity.
    package enum StopActivity: VarlinkMethod {
        package static let name = "io.pace.Daemon.StopActivity"

        package struct Parameters: Codable, Sendable, Equatable {
            package var endedAt: String?

            package init(endedAt: String? = nil) {
                self.endedAt = endedAt
            }
        }

        package typealias Reply = ActivityReply
    }

    /// Records an activity done earlier.
    package enum LogActivity: VarlinkMethod {
        package static let name = "io.pace.Daemon.LogActivity"

        package struct Parameters: Codable, Sendable, Equatable {
            package var kind: String
            package var startedAt: String
            package var durationSeconds: Int
            package var intensity: Intensity?

            package init(kind: String, startedAt: String, durationSeconds: Int, intensity: Intensity? = nil) {
                self.kind = kind
                self.startedAt = startedAt
                self.durationSeconds = durationSeconds
                self.intensity = intensity
            }
        }

        package typealias Reply = ActivityReply
    }

    /// The reply of the activity methods: the activity concerned and the new status.
    package struct ActivityReply: Codable, Sendable, Equatable {
        package var activity: Activity
        package var status: Status

        package init(activity: Activity, status: Status) {
            self.activity = activity
            self.status = status
        }
    }

    /// The reply of methods that only change state: the new status.
    package struct StatusReply: Codable, Sendable, Equatable {
        package var status: Status

        package init(status: Status) {
            self.status = status
        }
    }

    /// Starts a rest block.
    package enum StartRest: VarlinkMethod {
        package static let name = "io.pace.Daemon.StartRest"

        package struct Parameters: Codable, Sendable, Equatable {
            package var plannedSeconds: Int?

            package init(plannedSeconds: Int? = nil) {
                self.plannedSeconds = plannedSeconds
            }
        }

        package struct Reply: Codable, Sendable, Equatable {
            package var rest: Rest
            package var status: Status

            package init(rest: Rest, status: Status) {
                self.rest = rest
                self.status = status
            }
        }
    }

    /// Ends the running rest block.
    package enum EndRest: VarlinkMethod {
        package typealias Parameters = NoParameters
        package typealias Reply = StatusReply
        package static let name = "io.pace.Daemon.EndRest"
    }

    /// Records a check-in.
    package enum CheckIn: VarlinkMethod {
        package static let name = "io.pace.Daemon.CheckIn"

        package struct Parameters: Codable, Sendable, Equatable {
            package var energy: Int?
            package var fatigue: Int?
            package var pain: Int?
            package var sleep: Int?
            package var stress: Int?
            package var flare: Bool?
            package var note: String?

            package init(
                energy: Int? = nil, fatigue: Int? = nil, pain: Int? = nil, sleep: Int? = nil, stress: Int? = nil,
                flare: Bool? = nil, note: String? = nil
            ) {
                self.energy = energy
                self.fatigue = fatigue
                self.pain = pain
                self.sleep = sleep
                self.stress = stress
                self.flare = flare
                self.note = note
            }
        }

        package typealias Reply = StatusReply
    }

    /// Turns flare mode on or off.
    package enum SetFlareMode: VarlinkMethod {
        package static let name = "io.pace.Daemon.SetFlareMode"

        package struct Parameters: Codable, Sendable, Equatable {
            package var on: Bool
            package var until: String?

            package init(on: Bool, until: String? = nil) {
                self.on = on
                self.until = until
            }
        }

        package typealias Reply = StatusReply
    }

    /// Holds reminders for a while.
    package enum Snooze: VarlinkMethod {
        package static let name = "io.pace.Daemon.Snooze"

        package struct Parameters: Codable, Sendable, Equatable {
            package var durationSeconds: Int?

            package init(durationSeconds: Int? = nil) {
                self.durationSeconds = durationSeconds
            }
        }

        package typealias Reply = StatusReply
    }

    /// Per-day history.
    package enum GetHistory: VarlinkMethod {
        package static let name = "io.pace.Daemon.GetHistory"

        package struct Parameters: Codable, Sendable, Equatable {
            package var from: String
            package var to: String

            package init(from: String, to: String) {
                self.from = from
                self.to = to
            }
        }

        package struct Reply: Codable, Sendable, Equatable {
            package var days: [Day]

            package init(days: [Day]) {
                self.days = days
            }
        }
    }

    /// Why today's budget is what it is.
    package enum ExplainBudget: VarlinkMethod {
        package typealias Parameters = NoParameters
        package static let name = "io.pace.Daemon.ExplainBudget"

        package struct Reply: Codable, Sendable, Equatable {
            package var explanation: Explanation

            package init(explanation: Explanation) {
                self.explanation = explanation
            }
        }
    }

    /// Every activity kind with its weights.
    package enum ListActivityKinds: VarlinkMethod {
        package typealias Parameters = NoParameters
        package static let name = "io.pace.Daemon.ListActivityKinds"

        package struct Reply: Codable, Sendable, Equatable {
            package var kinds: [ActivityKind]

            package init(kinds: [ActivityKind]) {
                self.kinds = kinds
            }
        }
    }

    /// The recorded events, oldest first, as stored.
    package enum GetEvents: VarlinkMethod {
        package static let name = "io.pace.Daemon.GetEvents"

        /// The most events one reply holds.
        package static let pageSize = 1000

        package struct Parameters: Codable, Sendable, Equatable {
            package var from: String?
            package var to: String?
            /// Skip the first `after` events of the log (the previous page's ``Reply/next``).
            package var after: Int?
            package var limit: Int?

            package init(from: String? = nil, to: String? = nil, after: Int? = nil, limit: Int? = nil) {
                self.from = from
                self.to = to
                self.after = after
                self.limit = limit
            }
        }

        package struct Reply: Codable, Sendable, Equatable {
            package var events: [JSONValue]
            /// The `after` of the next page; `nil` on the last page.
            package var next: Int?

            package init(events: [JSONValue], next: Int?) {
                self.events = events
                self.next = next
            }
        }
    }

    /// How the daemon's parts are doing.
    package enum GetHealth: VarlinkMethod {
        package typealias Parameters = NoParameters
        package static let name = "io.pace.Daemon.GetHealth"

        package struct Reply: Codable, Sendable, Equatable {
            package var health: Health

            package init(health: Health) {
                self.health = health
            }
        }
    }

    /// Answers a reminder as its notification buttons would.
    package enum AnswerReminder: VarlinkMethod {
        package static let name = "io.pace.Daemon.AnswerReminder"

        package struct Parameters: Codable, Sendable, Equatable {
            package var id: String
            /// `stop`, `snooze`, `startRest` or `dismissed`.
            package var action: String

            package init(id: String, action: String) {
                self.id = id
                self.action = action
            }
        }

        package typealias Reply = StatusReply
    }

    /// During calibration: what a bad day allows, in minutes of the reference activity.
    package enum AnswerCalibration: VarlinkMethod {
        package static let name = "io.pace.Daemon.AnswerCalibration"

        package struct Parameters: Codable, Sendable, Equatable {
            package var badDayMinutes: Int

            package init(badDayMinutes: Int) {
                self.badDayMinutes = badDayMinutes
            }
        }

        package typealias Reply = StatusReply
    }

    /// A deliberate, small trial increase of the base, where the rules allow one.
    package enum RequestTrialIncrease: VarlinkMethod {
        package typealias Parameters = NoParameters
        package typealias Reply = StatusReply
        package static let name = "io.pace.Daemon.RequestTrialIncrease"
    }

    /// Adds events exported elsewhere; duplicates are skipped.
    package enum ImportEvents: VarlinkMethod {
        package static let name = "io.pace.Daemon.ImportEvents"

        package struct Parameters: Codable, Sendable, Equatable {
            package var events: [JSONValue]

            package init(events: [JSONValue]) {
                self.events = events
            }
        }

        package struct Reply: Codable, Sendable, Equatable {
            package var imported: Int
            package var skipped: Int
            package var status: Status

            package init(imported: Int, skipped: Int, status: Status) {
                self.imported = imported
                self.skipped = skipped
                self.status = status
            }
        }
    }

    /// A stream of status changes and reminders (call with `more`).
    package enum Watch: VarlinkMethod {
        package typealias Parameters = NoParameters
        package static let name = "io.pace.Daemon.Watch"

        package struct Reply: Codable, Sendable, Equatable {
            package var status: Status
            package var reminder: Reminder?

            package init(status: Status, reminder: Reminder? = nil) {
                self.status = status
                self.reminder = reminder
            }
        }
    }

    /// Every method of the interface, for the router and for the test that compares them with the IDL.
    package static let methodNames: [String] = [
        GetStatus.name, StartActivity.name, StopActivity.name, LogActivity.name, StartRest.name, EndRest.name,
        CheckIn.name, SetFlareMode.name, Snooze.name, GetHistory.name, ExplainBudget.name, ListActivityKinds.name,
        GetEvents.name, GetHealth.name, AnswerReminder.name, AnswerCalibration.name, RequestTrialIncrease.name,
        ImportEvents.name,
        Watch.name,
    ]
}
