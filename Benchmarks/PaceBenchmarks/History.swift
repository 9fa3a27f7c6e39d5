import FoundationEssentials
import PaceCore
import PaceLog
import PaceTestSupport

/// Made-up but realistic pacing history: what a person who uses Pace every day leaves in the log.
///
/// A day: a morning check-in, a few bouts of everyday activities (some reaching their limit, with the reminder
/// and its answer), rests after some of them, now and then an activity logged afterwards, a 90 % reminder on
/// busy days, an evening check-in, and every few weeks a flare that lasts a day or two. About 20 events a day
/// at the default density. Deterministic for a seed, so runs are comparable.
struct History {
    /// Local time minus UTC: CET in winter, CEST from April to October.
    static func utcOffset(_ date: CivilDate) -> Int { (4...10).contains(date.month) ? 7200 : 3600 }

    private var random: SplitMix
    private let settings = PaceSettings()
    /// Bouts per day; more makes a denser log (used for the 200,000 and 1,000,000 event logs).
    let boutsPerDay: ClosedRange<Int>

    init(seed: UInt64 = 2026, boutsPerDay: ClosedRange<Int> = 3...6) {
        random = SplitMix(seed: seed)
        self.boutsPerDay = boutsPerDay
    }

    /// The events of one pacing day, in time order.
    mutating func day(_ date: CivilDate) -> [Event] {
        let offset = Self.utcOffset(date)
        // Local midnight of `date` as UTC milliseconds.
        let midnight = (date.daysSinceEpoch * 86_400 - Int64(offset)) * 1000
        var events: [Event] = []
        func at(_ minutes: Int) -> Instant { Instant(millisecondsSinceEpoch: midnight + Int64(minutes) * 60_000) }
        func add(_ minutes: Int, _ payload: Event.Payload) {
            events.append(Event(at: at(minutes), utcOffsetSeconds: offset, payload))
        }

        add(
            7 * 60 + 30 + random.int(0...40),
            .checkIn(CheckIn(energy: random.int(2...7), sleepQuality: random.int(2...8))))
        let kinds = ["walk", "housework", "cooking", "cognitive", "shopping", "yoga", "stretching", "social", "walk"]
        let bouts = random.int(boutsPerDay)
        var minute = 9 * 60
        let span = (21 * 60 - minute) / max(1, bouts)
        // The busiest days stop at 23:00: a day whose bouts ran on past the next morning's first would put the log
        // out of time order, which no clock made (and which replay then reads three times to sort out).
        for _ in 0..<bouts where minute < 23 * 60 {
            let start = minute + random.int(0...max(0, span / 3))
            let kind = kinds[random.int(0...(kinds.count - 1))]
            let intensity = [Intensity.light, .moderate, .moderate, .vigorous][random.int(0...3)]
            let rate = settings.activity(named: kind)!.pointsPerMinute(
                at: intensity, factors: settings.intensityFactors)
            add(
                start,
                .activityStarted(Event.ActivityStart(activity: kind, intensity: intensity, pointsPerMinute: rate)))
            let length = random.int(8...35)
            if length > 20 {
                let id = ReminderID.make(.boutLimit, String(at(start).millisecondsSinceEpoch))
                add(start + 20, .reminderShown(.init(reminder: id, covers: [])))
                add(start + 21, .reminderActedOn(.init(reminder: id, action: random.int(0...3) == 0 ? .snooze : .stop)))
            }
            add(start + length, .activityStopped)
            if random.int(0...2) == 0 {
                add(start + length + 1, .restStarted(.init(plannedSeconds: random.int(0...1) == 0 ? 900 : nil)))
                add(start + length + 16, .restEnded)
            }
            minute = start + length + 20
        }
        if random.int(0...2) == 0 {
            let start = at(random.int(8 * 60...11 * 60))
            add(
                min(21 * 60, minute + 5),
                .activityLogged(
                    Event.LoggedActivity(
                        activity: "gardening", intensity: .light, pointsPerMinute: 2.04, start: start,
                        durationSeconds: 60 * random.int(10...40))))
        }
        if random.int(0...3) == 0 {
            add(
                min(21 * 60 + 30, minute + 10),
                .reminderShown(.init(reminder: ReminderID.make(.budget90, date.iso8601), covers: [])))
        }
        let flare = random.int(0...24) == 0
        let note: String? = random.int(0...9) == 0 ? "slept badly; café with Ana" : nil
        add(
            21 * 60 + 30 + random.int(0...40),
            .checkIn(CheckIn(fatigue: random.int(2...8), pain: random.int(2...8), flare: flare, note: note)))
        if flare { add(21 * 60 + 75, .flareStarted(.init(until: at(48 * 60)))) }
        return events.sorted { $0.at < $1.at }
    }

    /// Writes the last `count` events (or whole `days`, if given) of a history ending yesterday into a fresh log
    /// at `directory`.
    /// - Returns: The number of events written.
    @discardableResult
    static func write(
        count: Int, into directory: String, boutsPerDay: ClosedRange<Int> = 3...6, today: CivilDate, days: Int? = nil
    ) throws -> Int {
        var history = History(boutsPerDay: boutsPerDay)
        // Days are made from yesterday backwards until there are enough events, then written oldest first.
        var daysBack: [[Event]] = []
        var total = 0
        while days.map({ daysBack.count < $0 }) ?? (total < count) {
            let events = history.day(today.adding(days: -1 - daysBack.count))
            total += events.count
            daysBack.append(events)
        }
        // Exactly `count` with the calibration answer below.
        if days == nil, total >= count, !daysBack.isEmpty {
            daysBack[daysBack.count - 1].removeFirst(min(total - count + 1, daysBack[daysBack.count - 1].count))
        }
        // The first answer anyone gives: what a bad day allows.
        if let first = daysBack.last?.first {
            daysBack[daysBack.count - 1].insert(
                Event(
                    at: first.at, utcOffsetSeconds: first.utcOffsetSeconds,
                    .calibrationAnswered(.init(badDayMinutes: 20, pointsPerMinute: 1.8))), at: 0)
        }
        let (log, _) = try EventLog.open(directory: directory)
        // The bytes paced writes (EventCodec): sorted keys, slashes unescaped.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var written = 0
        var batch: [[UInt8]] = []
        for events in daysBack.reversed() {
            for event in events { batch.append([UInt8](try encoder.encode(event))) }
            written += events.count
            if batch.count >= 2000, let last = events.last {
                try log.append(batch, at: last.at)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty, let last = daysBack.first?.last { try log.append(batch, at: last.at) }
        return written
    }
}

extension SplitMix {
    /// A number in `range` (modulo; the history's made-up days are drawn with it, so it stays as it was).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}
