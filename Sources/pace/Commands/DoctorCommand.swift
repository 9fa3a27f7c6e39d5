import ArgumentParser

/// `pace doctor`: is everything in place?
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that Pace is set up: daemon, event log, config, systemd units, notifications.",
        discussion: """
            One line per check: a tick, or what to do. While paced runs, the log, config and notification \
            checks use what it reports about itself. Exit status 0 when nothing failed (warnings are fine), \
            69 when paced is not running, 1 when another check failed. With --json: {"checks": [{"name", \
            "outcome": "passed"|"warning"|"failed"|"skipped", "detail", "fix"}], "healthy": bool}.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = DoctorContext(
            environment: global.environment, socketPath: global.socketPath, now: SystemClock.now(),
            zone: SystemClock.zone)
        let results = DoctorCheck.all.map { $0.run(context) }
        let failed = results.filter { $0.outcome == DoctorResult.Outcome.failed }
        if global.json {
            Console.line(try JSONOutput.render(DoctorReport.JSON(checks: results, healthy: failed.isEmpty)))
        } else {
            for line in DoctorReport.lines(results, settings: global.settings) { Console.line(line) }
        }
        if failed.contains(where: { $0.name == "daemon" }) { throw ExitStatus.unavailable }
        if !failed.isEmpty { throw ExitStatus.checkFailed }
    }
}
