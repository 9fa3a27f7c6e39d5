// The status and what carries it are in every reply to a change and every `GetStatus`: they write their JSON
// directly, the members their synthesized `Encodable` conformances encode (CompactJSONEncoderTests compares them
// with `JSONEncoder` on random statuses).

extension PaceAPI.Status: JSONObjectWritable {
    package func jsonObject() -> JSONObjectWriter {
        var object = JSONObjectWriter()
        object.string("version", version)
        object.integer("pid", pid)
        object.string("startedAt", startedAt)
        object.string("now", now)
        object.string("pacingDay", pacingDay)
        object.integer("dayStartHour", dayStartHour)
        object.string("stateDirectory", stateDirectory)
        object.string("mode", mode.rawValue)
        object.bool("provisional", provisional)
        object.integer("calibrationDaysRecorded", calibrationDaysRecorded)
        object.integer("calibrationDaysNeeded", calibrationDaysNeeded)
        object.double("base", base)
        object.double("budget", budget)
        object.double("used", used)
        object.double("left", left)
        object.double("over", over)
        object.string("referenceActivity", referenceActivity)
        object.string("referenceLabel", referenceLabel)
        object.integer("leftMinutes", leftMinutes)
        object.object("activity", activity?.jsonObject())
        object.object("rest", rest?.jsonObject())
        object.string("snoozedUntil", snoozedUntil)
        object.string("flareUntil", flareUntil)
        object.string("nextReminderAt", nextReminderAt)
        return object
    }
}

extension PaceAPI.Activity: JSONObjectWritable {
    package func jsonObject() -> JSONObjectWriter {
        var object = JSONObjectWriter()
        object.string("kind", kind)
        object.string("label", label)
        object.string("intensity", intensity.rawValue)
        object.string("startedAt", startedAt)
        object.string("endedAt", endedAt)
        object.integer("durationSeconds", durationSeconds)
        object.double("points", points)
        object.string("limitAt", limitAt)
        return object
    }
}

extension PaceAPI.Rest: JSONObjectWritable {
    package func jsonObject() -> JSONObjectWriter {
        var object = JSONObjectWriter()
        object.string("startedAt", startedAt)
        object.integer("plannedSeconds", plannedSeconds)
        object.integer("elapsedSeconds", elapsedSeconds)
        object.string("enoughAt", enoughAt)
        return object
    }
}

extension PaceAPI.ActivityReply: JSONObjectWritable {
    package func jsonObject() -> JSONObjectWriter {
        var object = JSONObjectWriter()
        object.object("activity", activity.jsonObject())
        object.object("status", status.jsonObject())
        return object
    }
}

extension PaceAPI.StatusReply: JSONObjectWritable {
    package func jsonObject() -> JSONObjectWriter {
        var object = JSONObjectWriter()
        object.object("status", status.jsonObject())
        return object
    }
}

extension PaceAPI.GetStatus.Reply: JSONObjectWritable {
    package func jsonObject() -> JSONObjectWriter {
        var object = JSONObjectWriter()
        object.object("status", status.jsonObject())
        return object
    }
}
