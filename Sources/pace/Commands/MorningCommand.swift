import ArgumentParser
import Glibc
import PaceProtocol

/// `pace morning`: a morning reading now (resting heart rate and RMSSD against your baseline), or today's.
struct MorningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "morning",
        abstract: "Take a morning reading: resting heart rate and RMSSD against your own baseline.",
        discussion: """
            Sit or lie still with the heart-rate sensor on. The reading uses the RR intervals of the last few \
            minutes the sensor sent (at least 3, at most 5); without enough yet, pace waits for them (--wait, \
            default 300 s; 0: do not wait). paced also takes one by itself from the first quiet five minutes of \
            the day. --rebaseline begins a new baseline with this reading (after a change that moves heart rate \
            for other reasons, such as starting a beta-blocker). --today shows today's reading without taking \
            one. With --json: the TakeMorningReading (or GetMorningReading) reply.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Begin a new baseline with this reading.")
    var rebaseline = false

    @Flag(help: "Show today's reading; take none.")
    var today = false

    @Option(help: "Seconds to wait for enough RR intervals (0: do not wait).")
    var wait = 300

    func validate() throws {
        guard wait >= 0 else { throw ValidationError("--wait must be 0 or more seconds.") }
        if today && rebaseline { throw ValidationError("--today takes no reading, so it cannot begin a baseline.") }
    }

    func run() throws {
        try reportingFailures {
            if today {
                let reply = try global.call(PaceAPI.GetMorningReading.self, NoParameters())
                if global.json {
                    Console.line(try JSONOutput.render(reply))
                } else {
                    Console.line(reply.reading?.text ?? MorningText.none(reply))
                }
                return
            }
            var waited = 0
            var said = false
            while true {
                let reply = try global.call(PaceAPI.TakeMorningReading.self, .init(rebaseline: rebaseline))
                if let reading = reply.reading {
                    if global.json {
                        Console.line(try JSONOutput.render(reply))
                    } else {
                        for line in MorningText.render(reading, rebaseline: rebaseline) { Console.line(line) }
                    }
                    return
                }
                if reply.sensor == "off" || waited >= wait {
                    if global.json {
                        Console.line(try JSONOutput.render(reply))
                    } else {
                        Console.line(MorningText.notYet(reply))
                    }
                    throw ExitCode(1)
                }
                if !said && !global.json {
                    said = true
                    Console.line("Sit still: \(reply.haveSeconds) of \(reply.neededSeconds) s of readings so far…")
                }
                sleep(5)
                waited += 5
            }
        }
    }
}

/// The morning reading in words.
enum MorningText {
    static func render(_ reading: PaceAPI.MorningReading, rebaseline: Bool = false) -> [String] {
        var lines = [reading.text]
        if rebaseline { lines.append("A new baseline begins with this reading; the mornings before no longer count.") }
        return lines
    }

    /// No reading today: says so, and when the baseline began.
    static func none(_ reply: PaceAPI.GetMorningReading.Reply) -> String {
        var line = "No morning reading today yet (`pace morning` takes one)"
        if let since = reply.baselineSince {
            let count = reply.baselineReadings
            line += "; your baseline began \(since) (\(count) morning\(count == 1 ? "" : "s") in it)"
        }
        return line + "."
    }

    static func notYet(_ reply: PaceAPI.TakeMorningReading.Reply) -> String {
        if reply.sensor == "off" {
            return "No heart-rate sensor: set [heart_rate] device in the config file to take a morning reading."
        }
        return "Not enough quiet readings yet: \(reply.haveSeconds) of \(reply.neededSeconds) s of clean RR intervals "
            + "(sensor \(reply.sensor)). Wear the sensor, sit still and try again."
    }
}
