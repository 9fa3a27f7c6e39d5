import PaceCore
import PaceTestSupport
import Testing

/// The record contract (docs/events.md): the state is a function of the *set* of events. The same events in any
/// arrival order, corrections among them, give the same status, history and explanation at one "now"; overlapping
/// bouts count their minutes once; corrections follow their precedence rules; ids are unique and derived ids are
/// the same wherever the same event is read.
@Suite struct RecordContractTests {
    /// What the queries say at `now`: the status, every day's history, the explanation.
    struct Answers: Equatable {
        var status: PaceStatus
        var history: [DayHistory]
        var explanation: BudgetExplanation

        init(_ state: PaceState, now: Instant, offset: Int) {
            status = state.status(now: now, utcOffsetSeconds: offset)
            let first = state.days.first?.date ?? CivilDate(year: 2026, month: 1, day: 1)
            history = state.history(
                from: first, through: state.day(now: now, utcOffsetSeconds: offset), now: now, utcOffsetSeconds: offset)
            explanation = state.explanation(now: now, utcOffsetSeconds: offset)
        }
    }

    /// A random history with corrections and late, overlapping bouts added (each correction recorded after what
    /// it corrects), all with ids.
    static func events(seed: UInt64) -> (events: [Event], settings: PaceSettings, offset: Int, now: Instant) {
        let history = RandomHistory(seed: seed)
        var random = SplitMix(seed: seed ^ 0xC0FFEE)
        var events = history.events
        let bouts = events.filter(\.isBout)
        var extra: [Event] = []
        var at = history.last
        for _ in 0..<random.int(0..<8) {
            at = at.adding(seconds: 60)
            guard let target = bouts.randomElement(using: &random), let id = target.header.id else { break }
            if random.chance(3) {
                extra.append(
                    Event(at: at, utcOffsetSeconds: history.offset, .retracted(.init(target: id, targetAt: target.at))))
            } else {
                extra.append(
                    Event(
                        at: at, utcOffsetSeconds: history.offset,
                        .amended(
                            .init(
                                target: id, targetAt: target.at, activity: "yoga", intensity: .light,
                                pointsPerMinute: 1.1, durationSeconds: 60 * random.int(5..<90)))))
            }
        }
        // A late, typed bout over minutes of an earlier one, and an imported one over the same.
        if let bout = bouts.last {
            let start = bout.at.adding(seconds: -600)
            var typed = Event(
                at: at.adding(seconds: 120), utcOffsetSeconds: history.offset,
                .activityLogged(
                    .init(
                        activity: "walk", intensity: .moderate, pointsPerMinute: 1.8, start: start,
                        durationSeconds: 3600)))
            typed.header.recordedAt = nil
            var imported = typed
            imported.header.at = at.adding(seconds: 180)
            imported.header.source = .imported
            if case .activityLogged(var logged) = imported.payload {
                logged.pointsPerMinute = 3
                imported.payload = .activityLogged(logged)
            }
            extra += [typed, imported]
        }
        // Ids for the additions, after those of the history.
        let identified = (events + extra).identified()
        events = identified
        return (events, history.settings, history.offset, at.adding(seconds: 3600))
    }

    /// Folds `events` in the order given, one at a time, as the daemon does (a rebuild from every event taken in
    /// when the ledger asks for one).
    static func arriving(_ events: [Event], settings: PaceSettings) -> Ledger {
        var ledger = Ledger(settings: settings)
        var taken: [Event] = []
        for event in events {
            taken.append(event)
            if ledger.add(event) == .needsRebuild { ledger = Ledger(settings: settings, sorting: taken) }
        }
        return ledger
    }

    @Test(arguments: 0..<24) func anyArrivalOrderGivesTheSameAnswers(seed: UInt64) {
        let (events, settings, offset, now) = Self.events(seed: seed)
        let reference = Answers(Ledger(settings: settings, sorting: events).state, now: now, offset: offset)
        var random = SplitMix(seed: seed &+ 99)
        var shuffled = events
        shuffled.shuffle(using: &random)
        // Nearly in order: a few events arrive late, as `--at`, imports and corrections do.
        var nearly = events
        for _ in 0..<min(6, nearly.count) {
            let from = random.int(0..<nearly.count)
            let event = nearly.remove(at: from)
            nearly.insert(event, at: min(nearly.count, from + random.int(1..<40)))
        }
        for (name, order) in [
            ("in order", events), ("shuffled", shuffled), ("nearly", nearly), ("reversed", events.reversed()),
        ] {
            let ledger = Self.arriving(order, settings: settings)
            let answers = Answers(ledger.state, now: now, offset: offset)
            #expect(answers == reference, "seed \(seed), \(name)")
        }
        // Twice the same events: the same record.
        let twice = Self.arriving(events + shuffled, settings: settings)
        #expect(Answers(twice.state, now: now, offset: offset) == reference, "seed \(seed), twice")
    }

    static let day = Instant(rfc3339: "2026-11-25T08:00:00Z")!

    static func logged(
        _ minutes: Int, from start: Instant, rate: Double, at: Instant, source: EventSource? = nil, id: UInt64
    ) -> Event {
        var event = Event(
            at: at, utcOffsetSeconds: 0,
            .activityLogged(
                .init(
                    activity: "walk", intensity: .moderate, pointsPerMinute: rate, start: start,
                    durationSeconds: minutes * 60)))
        event.header.id = EventID(order: UInt64(at.millisecondsSinceEpoch) << 16, tag: id)
        event.header.source = source
        return event
    }

    @Test func overlappingBoutsCountTheirMinutesOnceForTheOneThatWins() {
        let start = Self.day
        let late = start.adding(seconds: 3 * 3600)
        // Typed, 60 min at 2/min; imported over its second half and 30 min more at 5/min; typed later, 10 min at 1/min.
        let typed = Self.logged(60, from: start, rate: 2, at: late, id: 1)
        let imported = Self.logged(
            60, from: start.adding(seconds: 1800), rate: 5, at: late.adding(seconds: 60), source: .imported, id: 2)
        let sensed = Self.logged(
            20, from: start.adding(seconds: 1800), rate: 4, at: late.adding(seconds: 90), source: .sensed, id: 4)
        let retyped = Self.logged(10, from: start.adding(seconds: 600), rate: 1, at: late.adding(seconds: 120), id: 3)
        for order in [
            [typed, imported, sensed, retyped], [retyped, sensed, imported, typed], [imported, retyped, typed, sensed],
        ] {
            let state = Ledger(settings: PaceSettings(), sorting: order).state
            let today = try! #require(state.days.last)
            // 0–10 typed 2, 10–20 retyped 1, 20–60 typed 2, 60–90 imported 5 (sensed covers only 30–50, under typed).
            #expect(today.activeSeconds == 90 * 60)
            #expect(abs(today.load - (10 * 2 + 10 * 1 + 40 * 2 + 30 * 5)) < 1e-9, "\(today.load)")
        }
    }

    @Test func retractionBeatsAmendmentAndTheLaterAmendmentWins() {
        let bout = Self.logged(300, from: Self.day, rate: 1.8, at: Self.day.adding(seconds: 6 * 3600), id: 7)
        let id = bout.header.id!
        func correction(_ payload: Event.Payload, minutesLater: Int64, tag: UInt64) -> Event {
            var event = Event(at: bout.at.adding(seconds: minutesLater * 60), utcOffsetSeconds: 0, payload)
            event.header.id = EventID(order: UInt64(event.at.millisecondsSinceEpoch) << 16, tag: tag)
            return event
        }
        let shorter = correction(
            .amended(.init(target: id, targetAt: bout.at, durationSeconds: 1800)), minutesLater: 1, tag: 10)
        let longer = correction(
            .amended(.init(target: id, targetAt: bout.at, durationSeconds: 3600)), minutesLater: 2, tag: 11)
        let retract = correction(.retracted(.init(target: id, targetAt: bout.at)), minutesLater: 3, tag: 12)
        let undoRetract = correction(
            .retracted(.init(target: retract.header.id!, targetAt: bout.at)), minutesLater: 4, tag: 13)
        func seconds(_ events: [Event]) -> Int64 {
            Ledger(settings: PaceSettings(), sorting: events).state.days.map(\.activeSeconds).reduce(0, +)
        }
        #expect(seconds([bout]) == 300 * 60)
        #expect(seconds([longer, bout, shorter]) == 3600)
        #expect(seconds([shorter, longer, bout, retract]) == 0)
        #expect(seconds([retract, bout, undoRetract, shorter, longer]) == 3600)
        // The day says it was corrected; the log keeps every event (nothing is erased).
        let state = Ledger(settings: PaceSettings(), sorting: [bout, shorter]).state
        #expect(state.days.first?.corrected == true)
    }

    @Test func historyAndTheExplanationSayWhenADayWasCorrected() throws {
        let bout = Self.logged(300, from: Self.day, rate: 1.8, at: Self.day.adding(seconds: 6 * 3600), id: 7)
        var amend = Event(
            at: Self.day.adding(seconds: 30 * 3600), utcOffsetSeconds: 0,
            .amended(.init(target: bout.header.id!, targetAt: bout.at, durationSeconds: 1800)))
        amend.header.id = EventID(order: UInt64(amend.at.millisecondsSinceEpoch) << 16, tag: 8)
        let now = amend.at.adding(seconds: 60)
        let plain = Ledger(settings: PaceSettings(), sorting: [bout]).state
        let corrected = Ledger(settings: PaceSettings(), sorting: [bout, amend]).state
        let first = try #require(corrected.days.first?.date)
        let history = corrected.history(from: first, through: first, now: now, utcOffsetSeconds: 0)
        #expect(history.first?.corrected == true)
        #expect(history.first?.activeSeconds == 1800)
        #expect(plain.history(from: first, through: first, now: now, utcOffsetSeconds: 0).first?.corrected == false)
        let sentences = corrected.explanation(now: now, utcOffsetSeconds: 0).sentences
        #expect(sentences.contains { $0.contains("yesterday") && $0.contains("corrected") }, "\(sentences)")
        #expect(!plain.explanation(now: now, utcOffsetSeconds: 0).sentences.contains { $0.contains("corrected") })
    }

    /// A correction changes the fold from where its target stands now, not from the time it names: moving a walk
    /// into the week before and taking that back (a review found the walk still counted from its moved start).
    @Test func undoingAnEditThatMovedABoutIntoTheWeekBeforeFoldsLikeTheWholeLog() throws {
        func event(_ time: String, _ payload: Event.Payload, tag: UInt64, recorded: String? = nil) -> Event {
            var event = Event(at: Instant(rfc3339: time)!, utcOffsetSeconds: 0, payload)
            let made = Instant(rfc3339: recorded ?? time)!
            event.header.id = EventID(order: UInt64(made.millisecondsSinceEpoch) << 16, tag: tag)
            if recorded != nil { event.header.recordedAt = made }
            return event
        }
        // Thursday 26 November begins a week (of days since 1970-01-01, a Thursday); the day starts at 04:00.
        let earlier = event("2026-11-25T12:00:00Z", .checkIn(CheckIn(energy: 5)), tag: 1)
        let checkIn = event("2026-11-26T04:05:00Z", .checkIn(CheckIn(energy: 5)), tag: 2)
        let walk = event(
            "2026-11-26T04:20:00Z",
            .activityStarted(.init(activity: "walk", intensity: .moderate, pointsPerMinute: 1.8)),
            tag: 3)
        let stop = event("2026-11-26T05:00:00Z", .activityStopped, tag: 4)
        let move = event(
            "2026-11-26T05:10:00Z",
            .amended(
                .init(target: walk.header.id!, targetAt: walk.at, start: Instant(rfc3339: "2026-11-26T03:50:00Z"))),
            tag: 5)
        let undo = event(
            "2026-11-26T05:20:00Z", .retracted(.init(target: move.header.id!, targetAt: walk.at)), tag: 6)
        let events = [earlier, checkIn, walk, stop, move, undo]
        var arriving = Ledger(settings: PaceSettings())
        for event in events { #expect(arriving.add(event) == .added) }
        let sorted = Ledger(settings: PaceSettings(), sorting: events)
        #expect(arriving.state == sorted.state)
        #expect(sorted.state.days.last?.activeSeconds == Int64(40 * 60))
    }

    @Test func aCorrectionOlderThanTheWindowAsksForARebuildAndChangesNothing() {
        var ledger = Ledger(settings: PaceSettings())
        var events: [Event] = []
        for day in 0..<(7 * (Ledger.keptCheckpoints + 2)) {
            let at = Self.day.adding(seconds: Int64(day) * 86_400)
            events.append(Self.logged(30, from: at, rate: 1.8, at: at.adding(seconds: 3600), id: UInt64(day + 1)))
        }
        for event in events { #expect(ledger.add(event) == .added) }
        let before = ledger.state
        let first = events[0]
        var retract = Event(
            at: events.last!.at.adding(seconds: 60), utcOffsetSeconds: 0,
            .retracted(.init(target: first.header.id!, targetAt: first.at)))
        retract.header.id = EventID(order: UInt64(retract.at.millisecondsSinceEpoch) << 16, tag: 999)
        #expect(ledger.add(retract) == .needsRebuild)
        #expect(ledger.state == before)
        // A recent one is folded in place.
        let recent = events[events.count - 3]
        var amend = retract
        amend.header.id = EventID(order: retract.header.id!.order, tag: 1000)
        amend.payload = .amended(.init(target: recent.header.id!, targetAt: recent.at, durationSeconds: 600))
        #expect(ledger.add(amend) == .added)
        #expect(ledger.add(amend) == .duplicate)
        let rebuilt = Ledger(settings: PaceSettings(), sorting: events + [amend])
        #expect(ledger.state == rebuilt.state)
    }

    @Test func idsAreUniqueAndReadBackAndDerivedIDsAreTheSameForTheSameEvent() throws {
        let instant = Self.day
        let made = (0..<1000).map { EventID.make(at: instant, sequence: $0) }
        #expect(Set(made).count == 1000)
        #expect(made == made.sorted())
        for id in made.prefix(10) {
            #expect(EventID(parsing: id.description) == id)
        }
        // A prefix matches exactly the ids whose text begins with it, at every length, in either case.
        for (id, other) in zip(made.prefix(20), made.dropFirst(20).prefix(20)) {
            let text = id.description
            for length in 4...32 {
                let digits = String(text.prefix(length))
                let prefix = try #require(EventID.Prefix(length % 2 == 0 ? digits : digits.uppercased()))
                #expect(prefix.matches(id))
                #expect(prefix.matches(other) == other.description.hasPrefix(digits))
                var flipped = Array(digits.utf8)
                flipped[length - 1] = flipped[length - 1] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
                #expect(!EventID.Prefix(String(decoding: flipped, as: UTF8.self))!.matches(id))
            }
        }
        for text in ["abc", "", "abcg", String(repeating: "a", count: 33), "12 34"] {
            #expect(EventID.Prefix(text) == nil)
        }
        #expect(EventID(parsing: "not an id") == nil)
        #expect(!EventID("zz").isWellFormed)
        let bytes = Array(#"{"at":1,"type":"flareEnded","utcOffsetSeconds":0}"#.utf8)
        let a = EventID.derived(at: instant, occurrence: 0, content: EventID.contentHash(bytes))
        let b = EventID.derived(at: instant, occurrence: 0, content: EventID.contentHash(bytes))
        let c = EventID.derived(at: instant, occurrence: 1, content: EventID.contentHash(bytes))
        #expect(a == b)
        #expect(a != c && a < c)
        #expect(EventID.contentHash(bytes) != EventID.contentHash(bytes.dropLast()))
    }
}
