import ArgumentParser
import Dispatch
import PaceCore
import PaceProtocol
import PaceSystem

/// `pace waybar`: a status-bar module that stays up to date.
struct WaybarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waybar",
        abstract: "Feed a waybar (or i3status-rs, polybar) custom module: one JSON line per update.",
        discussion: """
            Each line is {"text", "tooltip", "class", "alt", "percentage"}; class lists the states for CSS \
            (normal, calibrating, flare, active, resting, snoozed, low, over, provisional, unavailable). Runs \
            until the bar stops it, follows paced through restarts, and while an activity or rest runs asks \
            for the status every --interval seconds. In waybar: "custom/pace": {"exec": "pace waybar", \
            "return-type": "json"}. With --once: one line, then exit (69 when paced is not running).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Print one line and exit.")
    var once = false

    @Option(name: .long, help: "Seconds between updates while an activity or rest runs (default 30).")
    var interval: Int = 30

    @Option(name: .long, help: "Seconds to wait before reconnecting when paced is away (default 5).")
    var retry: Int = 5

    func validate() throws {
        guard (1...3600).contains(interval), (1...3600).contains(retry) else {
            throw ValidationError("--interval and --retry take 1 to 3600 seconds")
        }
    }

    func run() throws {
        let printer = WaybarPrinter(zone: SystemClock.zone)
        if once {
            do {
                printer.update(try global.call(PaceAPI.GetStatus.self, NoParameters()).status)
            } catch let failure as ClientFailure {
                printer.unavailable(failure.message())
                Console.error("pace: " + failure.message())
                throw failure.exitCode
            }
            return
        }
        let queue = DispatchQueue(label: "pace.waybar")
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .seconds(interval), repeating: .seconds(interval))
        // While an activity runs, the daemon's stream stays quiet but the budget drains: ask for the status
        // (a bout's points are the daemon's to count), or at least advance the minutes if it does not answer.
        let socket = global.socketPath
        timer.setEventHandler {
            guard printer.isRunning else { return }
            if let status = try? PaceClient(socketPath: socket, timeoutMilliseconds: 2000).status() {
                printer.update(status)
            } else {
                printer.tick(now: SystemClock.now())
            }
        }
        timer.resume()
        while true {
            do {
                let client = try PaceClient(socketPath: global.socketPath)
                try client.watch { reply in
                    queue.sync { printer.update(reply.status) }
                    return true
                }
            } catch {
                let message = ClientFailure(error).message()
                queue.sync { printer.unavailable(message) }
            }
            Clocks.sleep(milliseconds: retry * 1000)
        }
    }
}
