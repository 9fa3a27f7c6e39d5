import ArgumentParser
import FoundationEssentials
import PaceCore
import PaceProtocol
import PaceSystem
import SystemPackage

/// `pace sync enable DIR`, `pace sync disable`: one record across devices through a synced folder.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Keep one record across your computers through a folder a sync tool shares (Syncthing, …).",
        discussion: """
            Each device writes its own events to DIR/devices/<its id>/ and reads every other device's there; \
            Pace never asks the sync tool to merge a file (docs/sync.md). `pace devices` lists the devices.
            """,
        subcommands: [Enable.self, Disable.self]
    )

    /// Where paced reads its config, and where systemd reads the user's drop-ins.
    struct Places {
        var configFile: String
        var dropIn: String

        init(environment: [String: String]) {
            let home = environment["HOME"] ?? UserAccount.homeDirectory() ?? "/"
            var configHome = environment["XDG_CONFIG_HOME"] ?? ""
            if !configHome.hasPrefix("/") { configHome = home + "/.config" }
            configFile = configHome + "/pace/config.toml"
            dropIn = configHome + "/systemd/user/paced.service.d/sync.conf"
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sync through DIR: set [sync] folder, let the systemd unit write there, restart paced.",
            discussion: """
                Creates DIR if needed, writes `folder` (and `name`, if given) under [sync] in config.toml \
                (the rest of the file is kept), writes the drop-in \
                ~/.config/systemd/user/paced.service.d/sync.conf with ReadWritePaths=DIR (the unit's sandbox \
                lets paced write only where it is told), then reloads systemd and restarts paced if it runs \
                under it. Share DIR with your sync tool on every device, and run this on each.
                """
        )

        @Argument(help: "The shared folder, e.g. ~/Sync/pace.") var directory: String
        @Option(help: "The name other devices show for this one (default: the host name).") var name: String?
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let places = Places(environment: global.environment)
            let folder = SyncCommand.absolute(directory, environment: global.environment)
            if let name, name.isEmpty || name.utf8.count > 64 {
                throw ValidationError("--name takes 1 to 64 bytes")
            }
            do {
                try PrivateDirectory.prepare(folder, createParents: true)
            } catch {
                // An existing folder a sync tool made may be shared with its own modes: that is the person's call.
                guard Syscall.exists(folder) else {
                    Console.error("pace: cannot create \(folder): \(error)")
                    throw ExitStatus.cannotCreate
                }
            }
            let text = SyncCommand.read(places.configFile)
            try SyncCommand.write(
                places.configFile, SyncConfigText.setting(text, folder: folder, name: name))
            let dropIn =
                "# Written by `pace sync enable`: paced may write the sync folder (docs/sync.md).\n[Service]\n"
                + "ReadWritePaths=\(SyncConfigText.unitPath("-" + folder))\n"
            try SyncCommand.write(places.dropIn, dropIn)
            Console.line("Syncing through \(folder) (set in \(places.configFile); \(places.dropIn) lets paced write there).")
            SyncCommand.restart(environment: global.environment)
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop syncing: remove [sync] folder and the drop-in; the folder and its files stay.",
            discussion: "Other devices keep the events this one merged from them, and it keeps theirs."
        )

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let places = Places(environment: global.environment)
            let text = SyncCommand.read(places.configFile)
            try SyncCommand.write(places.configFile, SyncConfigText.setting(text, folder: nil, name: nil))
            _ = try? Syscall.unlink(places.dropIn)
            Console.line("Sync is off (\(places.configFile)); the folder and its files stay.")
            SyncCommand.restart(environment: global.environment)
        }
    }

    static func absolute(_ path: String, environment: [String: String]) -> String {
        let home = environment["HOME"] ?? UserAccount.homeDirectory() ?? "/"
        var path = path
        if path == "~" { path = home } else if path.hasPrefix("~/") { path = home + path.dropFirst() }
        if !path.hasPrefix("/") { path = (environment["PWD"] ?? FileManager.default.currentDirectoryPath) + "/" + path }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    static func write(_ path: String, _ text: String) throws {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        do {
            if !Syscall.exists(directory) { try PrivateDirectory.prepare(directory, createParents: true) }
            try AtomicFile.create(path, contents: Array(text.utf8), permissions: [.ownerReadWrite]).close()
        } catch {
            Console.error("pace: cannot write \(path): \(error)")
            throw ExitStatus.cannotCreate
        }
    }

    /// `systemctl --user daemon-reload`, then a restart of paced if systemd runs it (the sandbox's paths are set
    /// when the service starts); otherwise a line saying to restart it.
    static func restart(environment: [String: String]) {
        guard let systemctl = Subprocess.find("systemctl", path: environment["PATH"]),
            Subprocess.run(systemctl, ["--user", "daemon-reload"])?.status == 0,
            Subprocess.run(systemctl, ["--user", "is-active", "--quiet", "paced.service"])?.status == 0
        else {
            Console.line("Restart paced for it to take effect (under systemd: `systemctl --user restart paced`).")
            return
        }
        if Subprocess.run(systemctl, ["--user", "restart", "paced.service"])?.status == 0 {
            Console.line("Restarted paced.")
        } else {
            Console.line("Could not restart paced: run `systemctl --user restart paced`.")
        }
    }
}

/// Editing `[sync]` in a config file's text, keeping every other line as it is.
enum SyncConfigText {
    /// `text` with `[sync] folder` set to `folder` (removed when `nil`) and `name` set when given (removed with the
    /// folder when both are `nil`).
    static func setting(_ text: String, folder: String?, name: String?) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        func key(_ line: String) -> String? {
            let trimmed = line.trimmedOfBlanks
            guard let equals = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("#") else { return nil }
            return String(trimmed[..<equals]).trimmedOfBlanks
        }
        let header = lines.firstIndex { $0.trimmedOfBlanks == "[sync]" }
        var entries: [String] = []
        if let folder { entries.append("folder = \(quoted(folder))") }
        if let name { entries.append("name = \(quoted(name))") }
        guard let header else {
            guard !entries.isEmpty else { return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n" }
            if !lines.isEmpty { lines.append("") }
            return (lines + ["[sync]"] + entries).joined(separator: "\n") + "\n"
        }
        var end = header + 1
        while end < lines.count && !lines[end].trimmedOfBlanks.hasPrefix("[") { end += 1 }
        let replaced: Set<String> = folder == nil && name == nil ? ["folder", "name"] : name == nil ? ["folder"] : ["folder", "name"]
        let kept = lines[(header + 1)..<end].filter { key($0).map { !replaced.contains($0) } ?? true }
        lines.replaceSubrange((header + 1)..<end, with: entries + kept)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A path as a unit file's setting takes it: `%` doubled, quoted when it holds a space.
    static func unitPath(_ path: String) -> String {
        let escaped = path.split(separator: "%", omittingEmptySubsequences: false).joined(separator: "%%")
        return escaped.contains(" ") ? "\"\(escaped)\"" : escaped
    }
}

extension String {
    /// Without the spaces and tabs at either end.
    fileprivate var trimmedOfBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        return String(drop(while: blank).reversed().drop(while: blank).reversed())
    }
}
