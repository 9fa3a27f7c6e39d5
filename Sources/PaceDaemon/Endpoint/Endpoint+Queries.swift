import PaceCore
import PaceJSON
import PaceLog
import PaceProtocol

/// The methods that only read.
extension Endpoint {
    func registerQueries() {
        register(PaceAPI.GetStatus.self) { [unowned self] _ in .init(status: status.wire()) }
        registerStream(PaceAPI.Watch.self) { [unowned self] _, connection in
            feed.follow(connection)
            return .init(status: status.wire())
        }
        register(PaceAPI.GetHistory.self) { [unowned self] parameters throws(VarlinkError) in
            try history(parameters)
        }
        register(PaceAPI.ExplainBudget.self) { [unowned self] _ in
            let now = clock.now()
            let explanation = store.state.explanation(now: now, utcOffsetSeconds: clock.utcOffsetSeconds(at: now))
            return .init(explanation: Wire.explanation(explanation))
        }
        register(PaceAPI.ListActivityKinds.self) { [unowned self] _ in
            let settings = store.settings
            return .init(kinds: settings.activities.map { Wire.kind($0, settings: settings) })
        }
        register(PaceAPI.GetEvents.self) { [unowned self] parameters throws(VarlinkError) in
            try events(parameters)
        }
        register(PaceAPI.GetHealth.self) { [unowned self] _ in .init(health: health()) }
        register(PaceAPI.GetHeartRate.self) { [unowned self] _ in
            .init(heartRate: heartRate?() ?? HeartRateMonitor.notRunning)
        }
        register(PaceAPI.GetHeartRateMinutes.self) { [unowned self] parameters throws(VarlinkError) in
            try heartRateMinutes(parameters)
        }
        register(PaceAPI.GetHeartRateDays.self) { [unowned self] parameters throws(VarlinkError) in
            try heartRateDays(parameters)
        }
        register(PaceAPI.GetMorningReading.self) { [unowned self] _ in
            let now = clock.now()
            let offset = clock.utcOffsetSeconds(at: now)
            let state = store.state
            let baseline = state.morning.map { $0.baseline(for: state.day(now: now, utcOffsetSeconds: offset)) }
            return .init(
                reading: HeartRateMonitor.wire(state, now: now, utcOffsetSeconds: offset),
                baselineSince: state.morning?.baselineSinceDay?.iso8601, baselineReadings: baseline?.count ?? 0)
        }
        register(PaceAPI.TakeMorningReading.self) { [unowned self] parameters in
            takeMorningReading?(parameters.rebaseline ?? false)
                ?? .init(
                    reading: nil, haveSeconds: 0, neededSeconds: HeartRateMonitor.morningNeededSeconds,
                    sensor: HeartRateSensorState.off.rawValue)
        }
    }

    /// The days `from` through `to` name (YYYY-MM-DD), at most ``longestHistoryDays`` of them.
    private static func days(from: String, to: String) throws(VarlinkError) -> (first: CivilDate, last: CivilDate) {
        guard let first = CivilDate(iso8601: from) else { throw .invalidParameter("from") }
        guard let last = CivilDate(iso8601: to) else { throw .invalidParameter("to") }
        guard first <= last else {
            throw VarlinkError(PaceAPI.InvalidValue(parameter: "to", message: "from must not be after to."))
        }
        guard last.daysSinceEpoch - first.daysSinceEpoch < Int64(Self.longestHistoryDays) else {
            throw VarlinkError(
                PaceAPI.InvalidValue(
                    parameter: "from", message: "Ask for at most \(Self.longestHistoryDays) days at a time."))
        }
        return (first, last)
    }

    private func history(_ parameters: PaceAPI.GetHistory.Parameters) throws(VarlinkError) -> PaceAPI.GetHistory.Reply {
        let (first, last) = try Self.days(from: parameters.from, to: parameters.to)
        let skipped = parameters.checkInsAfter ?? 0
        guard skipped >= 0 else { throw .invalidParameter("checkInsAfter") }
        let now = clock.now()
        let days = store.state.history(
            from: first, through: last, now: now, utcOffsetSeconds: clock.utcOffsetSeconds(at: now))
        var page: [PaceAPI.Day] = []
        var bound = PageBound()
        var full = false
        for history in days {
            var day = Wire.day(history)
            // The check-ins of `from` that the previous page held already.
            let after = history.date == first ? min(skipped, day.checkIns.count) : 0
            day.checkIns.removeFirst(after)
            let size = JSONOutput.text(of: day)?.count ?? 0
            if !full && bound.fits(size) {
                _ = bound.admit(size)
                page.append(day)
                continue
            }
            guard page.isEmpty else { return .init(days: page, next: .init(from: day.date, checkInsAfter: after)) }
            // One day too large for a page by itself: as many of its check-ins as fit (at least one), the rest on
            // the next page.
            let checkIns = day.checkIns
            day.checkIns = []
            var dayBound = PageBound(maximumBytes: bound.maximumBytes - (JSONOutput.text(of: day)?.count ?? 0))
            let taken = checkIns.prefix { dayBound.admit(JSONOutput.text(of: $0)?.count ?? 0) }.count
            day.checkIns = Array(checkIns.prefix(taken))
            page.append(day)
            if taken < checkIns.count {
                return .init(days: page, next: .init(from: day.date, checkInsAfter: after + taken))
            }
            full = true
        }
        return .init(days: page, next: nil)
    }

    private func events(_ parameters: PaceAPI.GetEvents.Parameters) throws(VarlinkError) -> PaceAPI.GetEvents.Reply {
        let from = try parameters.from.map { text throws(VarlinkError) in try Self.instant(text, "from") }
        let to = try parameters.to.map { text throws(VarlinkError) in try Self.instant(text, "to") }
        let after = parameters.after ?? 0
        let limit = parameters.limit ?? PaceAPI.GetEvents.pageSize
        guard after >= 0 else { throw .invalidParameter("after") }
        guard (1...PaceAPI.GetEvents.pageSize).contains(limit) else {
            throw VarlinkError(
                PaceAPI.InvalidValue(parameter: "limit", message: "limit is from 1 to \(PaceAPI.GetEvents.pageSize)."))
        }
        // The log is read: what waits for its commit goes in first.
        store.commitPending()
        var reader = store.log.reader()
        var events: [JSONValue] = []
        var bound = PageBound()
        var index = 0
        do {
            while let record = try reader.next() {
                index += 1
                guard index > after else { continue }
                if events.count == limit { return .init(events: events, next: index - 1) }
                guard let value = EventCodec.value(record.payload) else { continue }
                if from != nil || to != nil {
                    guard case .object(let fields) = value, case .integer(let at) = fields["at"] else { continue }
                    let instant = Instant(millisecondsSinceEpoch: at)
                    if let from, instant < from { continue }
                    if let to, instant > to { continue }
                }
                // The record's JSON is the event as the reply writes it.
                guard bound.admit(record.payload.count) else { return .init(events: events, next: index - 1) }
                events.append(value)
            }
        } catch {
            throw VarlinkError(PaceAPI.LogUnavailable(reason: error.description))
        }
        return .init(events: events, next: nil)
    }

    /// A page of heart-rate minutes: whole minutes, oldest first, within the page's bound in bytes.
    private func heartRateMinutes(_ parameters: PaceAPI.GetHeartRateMinutes.Parameters) throws(VarlinkError)
        -> PaceAPI.GetHeartRateMinutes.Reply
    {
        let from = try parameters.from.map { text throws(VarlinkError) in try Self.instant(text, "from") }
        let to = try parameters.to.map { text throws(VarlinkError) in try Self.instant(text, "to") }
        guard (parameters.after ?? 0) >= 0 else { throw .invalidParameter("after") }
        // Minutes since 1970 that begin within [from, to].
        var first = from.map { floorDivide($0.secondsSinceEpoch + 59, 60) } ?? 0
        if let after = parameters.after { first = max(first, Int64(after) + 1) }
        let last = to.map { floorDivide($0.secondsSinceEpoch, 60) } ?? Int64(UInt32.max)
        var page: [PaceAPI.HeartRateMinute] = []
        var bound = PageBound()
        for minute in heartRateMinutes?(first, last) ?? [] {
            let item = PaceAPI.HeartRateMinute(
                start: minute.start.rfc3339, minimum: minute.minimum, maximum: minute.maximum, mean: minute.mean,
                samples: minute.samples, samplesAbove: minute.samplesAbove, contactLost: minute.contactLost,
                threshold: minute.threshold)
            guard bound.admit(JSONOutput.text(of: item)?.count ?? 0) else {
                return .init(minutes: page, next: Int(minute.minute - 1))
            }
            page.append(item)
        }
        return .init(minutes: page, next: nil)
    }

    /// The heart-rate minutes of the pacing days `from` through `to`, summed a day (``HeartRateDay``).
    private func heartRateDays(_ parameters: PaceAPI.GetHeartRateDays.Parameters) throws(VarlinkError)
        -> PaceAPI.GetHeartRateDays.Reply
    {
        let (first, last) = try Self.days(from: parameters.from, to: parameters.to)
        guard let heartRateMinutes else { return .init(days: []) }
        let clock = self.clock
        // A day either side: the minutes are placed in their days by the offset of each day.
        let from = Int64(first.adding(days: -1).daysSinceEpoch) * 1440
        let through = Int64(last.adding(days: 2).daysSinceEpoch) * 1440
        let days = HeartRateDay.summarise(
            heartRateMinutes(from, through), boundary: store.settings.dayBoundary,
            utcOffsetSeconds: { clock.utcOffsetSeconds(at: $0) })
        return .init(
            days: days.filter { $0.date >= first && $0.date <= last }.map {
                PaceAPI.HeartRateDay(date: $0.date.iso8601, minutes: $0.minutes, minutesAbove: $0.minutesAbove)
            })
    }

    /// How the log (and, once running, the desktop connection) is doing.
    private func health() -> PaceAPI.Health {
        // What the check of the records the snapshot vouched for finds belongs to the answer: it ends first.
        store.finishLogCheck()
        let log = store.log
        return PaceAPI.Health(
            log: PaceAPI.LogHealth(
                directory: log.directory, segments: log.segmentCount, records: log.recordCount,
                unreadableEvents: store.unreadableEvents,
                problems: store.recovery.issues.map(\.description) + store.skippedRecords,
                appendRefusal: log.appendRefusal?.description, lastAppendError: store.lastAppendError,
                commits: store.commits, committedRecords: store.committedRecords),
            configFile: configFile,
            desktop: desktopHealth?(),
            sync: syncHealth?(), inbox: inboxHealth?())
    }
}
