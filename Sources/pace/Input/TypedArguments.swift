import PaceCore

/// Reading what people type on the command line into what the protocol sends.
enum TypedArguments {
    /// A typed time (`09:30`, `yesterday 18:00`, `20m ago`, ISO 8601) as RFC 3339 with the local offset.
    ///
    /// - Parameters:
    ///   - option: The option's name, for the message.
    ///   - prefer: Which day a bare clock time means.
    /// - Throws: ``CommandFailure`` (usage) saying what to type instead.
    static func time(
        _ text: String,
        option: String,
        prefer: TimeText.Preference,
        now: Instant = SystemClock.now(),
        zone: LocalZone = SystemClock.zone
    ) throws -> String {
        do {
            return ClockText.rfc3339(try zone.parse(text, now: now, prefer: prefer), zone: zone)
        } catch {
            throw CommandFailure.usage("\(option): \(error)")
        }
    }

    /// A typed duration (`20m`, `1h30m`, `90s`) in whole seconds, at least `minimum`.
    ///
    /// - Throws: ``CommandFailure`` (usage) saying what to type instead.
    static func seconds(_ text: String, what: String, minimum: Int64 = 1) throws -> Int {
        let seconds: Int64
        do {
            seconds = try DurationText.parseSeconds(text)
        } catch {
            throw CommandFailure.usage("\(what): \(error)")
        }
        guard seconds >= minimum else {
            throw CommandFailure.usage("\(what): \"\(text)\" is too short; give at least \(minimum) s, e.g. 20m")
        }
        guard seconds <= 7 * 86_400 else {
            throw CommandFailure.usage("\(what): \"\(text)\" is longer than a week; give something like 20m or 2h")
        }
        return Int(seconds)
    }

    /// Whole minutes typed as a number (`20`, the unit being named by the question) or a duration (`20m`, `1h`).
    ///
    /// - Throws: ``CommandFailure`` (usage) saying what to type instead.
    static func minutes(_ text: String, what: String, range: ClosedRange<Int>) throws -> Int {
        let minutes: Int
        if let number = Int(text) {
            minutes = number
        } else {
            let seconds: Int64
            do {
                seconds = try DurationText.parseSeconds(text)
            } catch {
                throw CommandFailure.usage("\(what): \(error)")
            }
            minutes = Int((Double(seconds) / 60).rounded())
        }
        guard range.contains(minutes) else {
            throw CommandFailure.usage(
                "\(what): give minutes from \(range.lowerBound) to \(range.upperBound), e.g. 20; you gave \(text)")
        }
        return minutes
    }
}
