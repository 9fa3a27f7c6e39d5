import ArgumentParser
import PaceCore
import PaceProtocol

/// `pace devices`: the devices that share the record through the sync folder.
struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List the devices that keep one record through the sync folder, and how far behind each is.",
        discussion: """
            One line a device, this one first: its name and id, its latest event, the events its folder holds, \
            and how far behind it is: the latest of this device's events it has merged, as its folder says. \
            Settings that count the same events differently (the day's start hour, kinds, the budget) are named \
            among the problems below. Sync is set up with `pace sync enable DIR` (docs/sync.md). With --json: the sync part of \
            GetHealth, {"folder", "device", "name", "devices": [...], "problems": [...]}, or null while sync is off.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let sync = try global.call(PaceAPI.GetHealth.self, NoParameters()).health.sync
            if global.json {
                Console.line(try JSONOutput.render(sync))
                return
            }
            guard let sync else {
                Console.line("Sync is off: `pace sync enable DIR` keeps one record across your computers.")
                return
            }
            for line in DevicesText.lines(sync, now: SystemClock.now(), zone: SystemClock.zone) { Console.line(line) }
        }
    }
}

/// `pace devices` as text.
enum DevicesText {
    static func lines(_ sync: PaceAPI.SyncHealth, now: Instant, zone: LocalZone) -> [String] {
        let latestHere = sync.devices.first(where: \.this)?.lastEventAt.flatMap(Instant.init(rfc3339:))
        var rows = [["DEVICE", "ID", "LAST EVENT", "EVENTS", "HAS THIS DEVICE'S"]]
        for device in sync.devices {
            let last = device.lastEventAt.flatMap(Instant.init(rfc3339:))
            let behind: String
            if device.this {
                behind = "(this device)"
            } else if device.refusal != nil {
                behind = "not read"
            } else if let merged = device.mergedThisDeviceUpTo.flatMap(Instant.init(rfc3339:)) {
                if let latestHere, merged < latestHere {
                    behind = "behind by " + DurationText.describe(seconds: latestHere.seconds(since: merged))
                } else {
                    behind = "up to date"
                }
            } else {
                behind = latestHere == nil ? "up to date" : "none yet"
            }
            rows.append([
                device.name, String(device.id.prefix(8)),
                last.map { ClockText.moment($0, now: now, zone: zone) } ?? "-", String(device.events), behind,
            ])
        }
        var lines = ["Sync folder \(sync.folder)"] + TextTable.render(rows, rightAligned: [3])
        // Settings that count differently are among the problems (paced words them, for `pace doctor` too).
        for device in sync.devices {
            if let refusal = device.refusal { lines.append("\(device.name): \(refusal)") }
        }
        if !sync.problems.isEmpty { lines.append("Problems (also in `pace doctor`):") }
        for problem in sync.problems { lines.append("  \(problem)") }
        return lines
    }
}
