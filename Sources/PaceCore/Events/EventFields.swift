// The fields of each event type that has any: what `Event.Payload`'s cases carry. Each is a struct whose
// synthesized `Codable` keys are the log's keys, so its declaration is the whole of its format; optional fields are
// left out when absent.

extension Event {
    /// `activityStarted`: which activity, how hard, and the rate it was counted at.
    ///
    /// The rate is stored so that history never changes when weights are edited or a kind is removed.
    package struct ActivityStart: Codable, Sendable, Equatable {
        /// The activity kind's name.
        package var activity: String
        package var intensity: Intensity
        package var pointsPerMinute: Double

        package init(activity: String, intensity: Intensity, pointsPerMinute: Double) {
            self.activity = activity
            self.intensity = intensity
            self.pointsPerMinute = pointsPerMinute
        }
    }

    /// `activityLogged`: an activity entered afterwards.
    package struct LoggedActivity: Codable, Sendable, Equatable {
        package var activity: String
        package var intensity: Intensity
        package var pointsPerMinute: Double
        /// When it began. It is placed in pacing days with the event's UTC offset.
        package var start: Instant
        package var durationSeconds: Int

        package init(
            activity: String, intensity: Intensity, pointsPerMinute: Double, start: Instant, durationSeconds: Int
        ) {
            self.activity = activity
            self.intensity = intensity
            self.pointsPerMinute = pointsPerMinute
            self.start = start
            self.durationSeconds = durationSeconds
        }

        /// When it ended.
        package var end: Instant { start.adding(seconds: Int64(durationSeconds)) }
    }

    /// `restStarted`: how long the rest is meant to last, if the person said.
    package struct RestStarted: Codable, Sendable, Equatable {
        package var plannedSeconds: Int?

        package init(plannedSeconds: Int?) {
            self.plannedSeconds = plannedSeconds
        }
    }

    /// `flareStarted`: until when, if the person said.
    package struct FlareStarted: Codable, Sendable, Equatable {
        package var until: Instant?

        package init(until: Instant?) {
            self.until = until
        }
    }

    /// `snoozed`: until when, and the reminder to bring back then.
    package struct Snoozed: Codable, Sendable, Equatable {
        package var until: Instant
        package var reminder: ReminderID?

        package init(until: Instant, reminder: ReminderID?) {
            self.until = until
            self.reminder = reminder
        }
    }

    /// `reminderShown`: the reminder, and those due at the same moment that were folded into it (they count as
    /// shown, and are never shown on their own).
    package struct ReminderShown: Codable, Sendable, Equatable {
        package var reminder: ReminderID
        @OmittedWhenEmpty package var covers: [ReminderID]

        package init(reminder: ReminderID, covers: [ReminderID]) {
            self.reminder = reminder
            self.covers = covers
        }
    }

    /// `reminderActedOn`: the reminder, and the answer.
    package struct ReminderActedOn: Codable, Sendable, Equatable {
        package var reminder: ReminderID
        package var action: ReminderAction

        package init(reminder: ReminderID, action: ReminderAction) {
            self.reminder = reminder
            self.action = action
        }
    }

    /// `calibrationAnswered`: the minutes a bad day allows, and the rate of the reference activity they were
    /// counted at.
    package struct CalibrationAnswered: Codable, Sendable, Equatable {
        package var badDayMinutes: Int
        package var pointsPerMinute: Double

        package init(badDayMinutes: Int, pointsPerMinute: Double) {
            self.badDayMinutes = badDayMinutes
            self.pointsPerMinute = pointsPerMinute
        }
    }

    /// `retracted`: which event is taken back, and when that event happened (so a reader knows how far back the
    /// record changes without having it).
    package struct Retraction: Codable, Sendable, Equatable {
        package var target: EventID
        package var targetAt: Instant

        package init(target: EventID, targetAt: Instant) {
            self.target = target
            self.targetAt = targetAt
        }
    }

    /// `amended`: which bout is corrected, when it happened, and the fields that replace its own (those left out
    /// stay). A bout that was started and stopped, given a `durationSeconds`, becomes one of that length.
    package struct Amendment: Codable, Sendable, Equatable {
        package var target: EventID
        package var targetAt: Instant
        package var activity: String?
        package var intensity: Intensity?
        package var pointsPerMinute: Double?
        package var start: Instant?
        package var durationSeconds: Int?

        package init(
            target: EventID, targetAt: Instant, activity: String? = nil, intensity: Intensity? = nil,
            pointsPerMinute: Double? = nil, start: Instant? = nil, durationSeconds: Int? = nil
        ) {
            self.target = target
            self.targetAt = targetAt
            self.activity = activity
            self.intensity = intensity
            self.pointsPerMinute = pointsPerMinute
            self.start = start
            self.durationSeconds = durationSeconds
        }
    }

    /// `morningReading`: what a morning reading measured, and whether it begins a new baseline (left out: it does
    /// not).
    package struct MorningReading: Codable, Sendable, Equatable {
        package var restingBeatsPerMinute: Int
        package var rmssdMilliseconds: Double
        /// The RR intervals it was computed from.
        package var beats: Int
        package var newBaseline: Bool?

        package init(restingBeatsPerMinute: Int, rmssdMilliseconds: Double, beats: Int, newBaseline: Bool? = nil) {
            self.restingBeatsPerMinute = restingBeatsPerMinute
            self.rmssdMilliseconds = rmssdMilliseconds
            self.beats = beats
            self.newBaseline = newBaseline
        }

        package init(_ values: MorningValues, newBaseline: Bool = false) {
            restingBeatsPerMinute = values.restingBeatsPerMinute
            rmssdMilliseconds = values.rmssdMilliseconds
            beats = values.beats
            self.newBaseline = newBaseline ? true : nil
        }

        /// The values measured.
        package var values: MorningValues {
            MorningValues(
                restingBeatsPerMinute: restingBeatsPerMinute, rmssdMilliseconds: rmssdMilliseconds, beats: beats)
        }
    }
}
