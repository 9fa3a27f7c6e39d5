import FoundationEssentials
import Glibc
import PaceCore
import PaceSystem
import PaceTestSupport

extension Benchmarks {
    /// `AmendEvent` of a bout 30 days back (answered, durable: the correction's `fdatasync`, then the fold again from
    /// the checkpoint before that day) against a plain acknowledged `LogActivity`, in alternating blocks, with a year
    /// of history.
    func correctionWrite(_ daemon: BenchDaemon) throws -> Row {
        let client = try RawSocket(path: daemon.socketPath)
        let day = today.adding(days: -30).iso8601
        let listed = try client.call(
            Array(#"{"method":"io.pace.Daemon.ListEvents","parameters":{"day":"\#(day)"}}"#.utf8) + [0])
        struct Listed: Decodable {
            struct Line: Decodable {
                var id: String
                var type: String
            }
            struct Parameters: Decodable { var events: [Line] }
            var parameters: Parameters
        }
        guard let reply = try? JSONDecoder().decode(Listed.self, from: Data(listed)),
            let id = reply.parameters.events.first(where: { ["activityStarted", "activityLogged"].contains($0.type) })?
                .id
        else {
            throw BenchFailure("no bout listed on \(day): \(String(decoding: listed, as: UTF8.self).prefix(300))")
        }
        func amend(_ minutes: Int) -> [UInt8] {
            Array(
                #"{"method":"io.pace.Daemon.AmendEvent","parameters":{"id":"\#(id)","durationMinutes":\#(minutes),"confirmed":true}}"#
                    .utf8) + [0]
        }
        // Minutes of their own, after those of the write benchmark.
        var minute = 600
        func logActivity() -> [UInt8] {
            minute += 1
            return Self.logActivity(minutesAfterBase: minute)
        }
        for request in [amend(20), logActivity()] {
            let answer = try client.call(request)
            guard !String(decoding: answer, as: UTF8.self).contains("\"error\"") else {
                throw BenchFailure("failed: \(String(decoding: answer, as: UTF8.self))")
            }
        }
        var corrections: [Double] = []
        var plain: [Double] = []
        var minutes = 20
        while corrections.count < sizes.writes / 2 {
            for _ in 0..<10 {
                minutes = minutes == 20 ? 21 : 20
                let request = amend(minutes)
                let begin = Measure.nanoseconds()
                _ = try client.call(request)
                corrections.append(Double(Measure.nanoseconds() - begin))
            }
            daemon.drainNotifications()
            for _ in 0..<10 {
                let request = logActivity()
                let begin = Measure.nanoseconds()
                _ = try client.call(request)
                plain.append(Double(Measure.nanoseconds() - begin))
            }
            daemon.drainNotifications()
        }
        let (c, p) = (Measure.median(corrections), Measure.median(plain))
        log(
            "correction: AmendEvent 30 days back median \(Format.duration(nanoseconds: c)), "
                + "LogActivity median \(Format.duration(nanoseconds: p))")
        return Row(
            figure: "correction 30 days back (AmendEvent), median",
            pace: Format.duration(nanoseconds: c),
            comparison: "acknowledged LogActivity \(Format.duration(nanoseconds: p)): \(Format.ratio(c / p))",
            target: "≤ 3×", met: c / p <= 3,
            numbers: ["medianNs": c, "logActivityMedianNs": p, "ratio": c / p])
    }
}

extension Benchmarks {
    /// `pace import` of 100,000 events (a second device's two years, as JSON lines without ids, source imported)
    /// into the daemon that holds a year: the wall time of the whole command, and the daemon's peak RSS (VmHWM).
    func largeImport(_ daemon: BenchDaemon) throws -> Row {
        let count = sizes.importEvents
        var history = History(seed: 77, boutsPerDay: 12...16)
        var lines: [UInt8] = []
        var written = 0
        var day = today.adding(days: -1)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        while written < count {
            for var event in history.day(day) where written < count {
                event.header.source = .imported
                lines += try encoder.encode(event)
                lines.append(0x0A)
                written += 1
            }
            day = day.adding(days: -1)
        }
        let file = root + "/import.jsonl"
        guard FileManager.default.createFile(atPath: file, contents: Data(lines)) else {
            throw BenchFailure("cannot write \(file)")
        }
        let peakBefore = ProcessProbe.peakResidentKilobytes(daemon.pid)
        let begin = Measure.nanoseconds()
        let pace = try ChildProcess(
            binDirectory + "/pace", ["import", file], environment: daemon.environment, outputDirectory: root)
        guard pace.wait(timeoutMilliseconds: 600_000) == .exited(0) else {
            throw BenchFailure("pace import failed: \(pace.standardError)")
        }
        let elapsed = Double(Measure.nanoseconds() - begin)
        let peak = ProcessProbe.peakResidentKilobytes(daemon.pid)
        log(
            "import: \(written) events in \(Format.duration(nanoseconds: elapsed)); paced peak RSS "
                + "\(Format.megabytes(kilobytes: peakBefore)) before, \(Format.megabytes(kilobytes: peak)) after: "
                + pace.standardOutput.split(separator: "\n").first.map(String.init)!)
        return Row(
            figure: "import of \(Format.count(Double(written))) events into a year",
            pace: "\(Format.duration(nanoseconds: elapsed)), peak RSS \(Format.megabytes(kilobytes: peak))",
            comparison: "–", target: "< 2 s, < 50 MB", met: elapsed < 2e9 && peak < 50 * 1024,
            numbers: [
                "ns": elapsed, "peakKB": Double(peak), "peakBeforeKB": Double(peakBefore), "events": Double(written),
            ])
    }
}

extension Benchmarks {
    /// The fold part of a correction 30 days back, in this process: a ledger of a year of history as the daemon
    /// holds it (weeks before the last eight folded without checkpoints), taking in amendments of one bout 30 days
    /// back (each folds again from the checkpoint before it), against bouts logged in time order. No socket and no
    /// disk: the CPU a correction costs beyond an acknowledged write, steady whatever the disk does.
    func correctionFold() throws -> Row {
        var history = History()
        var events: [Event] = []
        for back in stride(from: sizes.yearDays, through: 1, by: -1) {
            events += history.day(today.adding(days: -back))
        }
        events = events.identified()
        let now = Instant(millisecondsSinceEpoch: Int64(time(nil)) * 1000)
        var ledger = Ledger(settings: PaceSettings(), recentFrom: now.adding(seconds: -8 * 7 * 86_400))
        for event in events { ledger.add(event) }
        let targetDay = today.adding(days: -min(30, sizes.yearDays - 1))
        guard
            let target = events.first(where: {
                $0.isBout
                    && PaceSettings().dayBoundary.day(containing: $0.at, utcOffsetSeconds: $0.utcOffsetSeconds)
                        == targetDay
            }), let targetID = target.header.id
        else { throw BenchFailure("no bout on \(targetDay.iso8601) in the made-up history") }
        var made = 0
        func stamped(_ payload: Event.Payload, at instant: Instant) -> Event {
            var event = Event(at: instant, utcOffsetSeconds: 0, payload)
            made += 1
            event.header.id = EventID.make(at: instant, sequence: made)
            return event
        }
        var corrections: [Double] = []
        var plain: [Double] = []
        var minute: Int64 = 0
        while corrections.count < sizes.writes / 2 {
            for _ in 0..<10 {
                let amendment = Event.Amendment(
                    target: targetID, targetAt: target.at, durationSeconds: corrections.count % 2 == 0 ? 1200 : 1260)
                let event = stamped(.amended(amendment), at: now)
                let begin = Measure.nanoseconds()
                guard ledger.add(event) == .added else { throw BenchFailure("the amendment was not folded in place") }
                corrections.append(Double(Measure.nanoseconds() - begin))
            }
            for _ in 0..<10 {
                // As the daemon's benchmark logs them: minutes of their own, earlier today, recorded now.
                minute += 1
                let logged = Event.LoggedActivity(
                    activity: "stretching", intensity: .light, pointsPerMinute: 1,
                    start: now.adding(seconds: -6 * 3600 + minute * 60), durationSeconds: 60)
                let event = stamped(.activityLogged(logged), at: now.adding(seconds: minute))
                let begin = Measure.nanoseconds()
                ledger.add(event)
                plain.append(Double(Measure.nanoseconds() - begin))
            }
        }
        let (c, p) = (Measure.median(corrections), Measure.median(plain))
        log(
            "correction fold: 30 days back median \(Format.duration(nanoseconds: c)), "
                + "a bout in time order \(Format.duration(nanoseconds: p))")
        return Row(
            figure: "fold of a correction 30 days back, in process, median",
            pace: Format.duration(nanoseconds: c),
            comparison: "a logged bout in time order \(Format.duration(nanoseconds: p))", target: "–", met: nil,
            numbers: ["medianNs": c, "inOrderMedianNs": p])
    }
}
