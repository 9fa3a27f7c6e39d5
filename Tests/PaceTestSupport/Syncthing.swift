import FoundationEssentials
import Glibc

/// A real Syncthing (Debian's package) in a private home directory, reachable on loopback only, started and
/// stopped by pid.
///
/// It never leaves the machine: it listens on `tcp://127.0.0.1:<free port>`, dials its peers at their loopback
/// addresses, and has global and local discovery, relays, NAT traversal, STUN, usage reporting, crash reporting
/// and upgrades off. Its GUI/REST API listens on another free loopback port with an API key the test chose.
/// Peers are introduced by device id in the configuration written before start (``share(_:at:with:)``).
///
/// ```swift
/// let (a, b) = try Syncthing.pair(in: scratch.path, sharing: "pace", at: (folderA, folderB))
/// try Data("x".utf8).write(to: URL(filePath: folderA + "/note"))
/// try Syncthing.waitUntilInSync(a, b, folder: "pace")        // folderB/note is there now
/// ```
package final class Syncthing: @unchecked Sendable {
    /// Whether Debian's `syncthing` is installed.
    package static var isAvailable: Bool { access(executable, X_OK) == 0 }
    private static let executable = "/usr/bin/syncthing"

    /// The home directory: keys, `config.xml`, the database, the log (`output/`).
    package let home: String
    /// The device id, as `syncthing generate` printed it.
    package let deviceID: String
    /// The port of the sync protocol, on 127.0.0.1.
    package let listenPort: UInt16
    /// The port of the GUI and REST API, on 127.0.0.1.
    package let guiPort: UInt16
    /// The REST API key.
    package let apiKey: String
    /// The running (or last) Syncthing process.
    package private(set) var process: ChildProcess?

    /// Makes a home directory under `directory/name` with a new key pair; nothing runs yet.
    package init(in directory: String, name: String) throws {
        home = directory + "/" + name
        try FileManager.default.createDirectory(atPath: home + "/output", withIntermediateDirectories: true)
        let generated = try Executables.run(
            Self.executable, ["generate", "--home", home, "--no-default-folder"], environment: Self.environment(home))
        let said = generated.standardOutput + generated.standardError
        guard generated.status == 0,
            let line = said.split(separator: "\n").first(where: { $0.contains("Device ID: ") }),
            let id = line.split(separator: " ").last
        else { throw TestFailure("syncthing generate failed: \(said)") }
        deviceID = String(id)
        listenPort = try LoopbackHTTP.freePort()
        guiPort = try LoopbackHTTP.freePort()
        apiKey = "pace-test-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    deinit {
        stop()
    }

    /// Two instances, each sharing folder `id` (at `paths.0` and `paths.1`) with the other, started and
    /// connected to each other.
    package static func pair(in directory: String, sharing id: String, at paths: (String, String)) throws -> (
        Syncthing, Syncthing
    ) {
        let a = try Syncthing(in: directory, name: "syncthing-a")
        let b = try Syncthing(in: directory, name: "syncthing-b")
        try a.share(id, at: paths.0, with: [b])
        try b.share(id, at: paths.1, with: [a])
        try a.start()
        try b.start()
        try a.waitUntilConnected(to: b)
        try b.waitUntilConnected(to: a)
        return (a, b)
    }

    /// Writes the configuration: this device, `peers` at their loopback addresses, and folder `id` at `path`
    /// shared with them (created, with its `.stfolder` marker). Call it before ``start()``.
    package func share(_ id: String, at path: String, with peers: [Syncthing]) throws {
        try FileManager.default.createDirectory(atPath: path + "/.stfolder", withIntermediateDirectories: true)
        let devices = ([self] + peers).map { device in
            """
                <device id="\(device.deviceID)" name="\(device.home.split(separator: "/").last ?? "")" \
            compression="metadata" introducer="false">
                    <address>\(device === self ? "dynamic" : "tcp://127.0.0.1:\(device.listenPort)")</address>
                    <autoAcceptFolders>false</autoAcceptFolders>
                </device>
            """
        }
        let members = ([self] + peers).map { "        <device id=\"\($0.deviceID)\"></device>" }
        let text = """
            <configuration version="36">
                <folder id="\(id)" label="\(id)" path="\(path)" type="sendreceive" rescanIntervalS="3600" \
            fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
            \(members.joined(separator: "\n"))
                    <minDiskFree unit="%">0</minDiskFree>
                </folder>
            \(devices.joined(separator: "\n"))
                <gui enabled="true" tls="false" debugging="false">
                    <address>127.0.0.1:\(guiPort)</address>
                    <apikey>\(apiKey)</apikey>
                </gui>
                <options>
                    <listenAddress>tcp://127.0.0.1:\(listenPort)</listenAddress>
                    <globalAnnounceEnabled>false</globalAnnounceEnabled>
                    <localAnnounceEnabled>false</localAnnounceEnabled>
                    <relaysEnabled>false</relaysEnabled>
                    <natEnabled>false</natEnabled>
                    <stunKeepaliveStartS>0</stunKeepaliveStartS>
                    <announceLANAddresses>false</announceLANAddresses>
                    <reconnectionIntervalS>1</reconnectionIntervalS>
                    <startBrowser>false</startBrowser>
                    <urAccepted>-1</urAccepted>
                    <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
                    <crashReportingEnabled>false</crashReportingEnabled>
                    <minHomeDiskFree unit="%">0</minHomeDiskFree>
                    <setLowPriority>false</setLowPriority>
                </options>
            </configuration>

            """
        try Data(text.utf8).write(to: URL(filePath: home + "/config.xml"))
    }

    /// Starts Syncthing (without its monitor process, so ``process`` is Syncthing itself and a SIGKILL ends it)
    /// and waits until its REST API answers.
    package func start() throws {
        let process = try ChildProcess(
            Self.executable,
            ["serve", "--home", home, "--no-browser", "--no-restart", "--no-upgrade", "--no-default-folder"],
            environment: Self.environment(home), outputDirectory: home + "/output")
        self.process = process
        let answered = poll(timeoutMilliseconds: 60_000) {
            guard process.isRunning else { return true }
            return (try? get("/rest/system/ping").status) == 200
        }
        guard answered, process.isRunning else {
            stop(signal: SIGKILL)
            throw TestFailure("syncthing did not start: \(process.standardOutput)\(process.standardError)")
        }
    }

    /// Sends `signal` (SIGTERM, or SIGKILL for a crash) and waits for Syncthing to end.
    package func stop(signal: Int32 = SIGTERM) {
        guard let process, process.isRunning else { return }
        process.signal(signal)
        if process.wait(timeoutMilliseconds: 30_000) == nil {
            process.signal(SIGKILL)
            process.wait()
        }
    }

    /// What Syncthing logged so far.
    package var log: String { (process?.standardOutput ?? "") + (process?.standardError ?? "") }

    // MARK: - REST API

    /// `GET path` on the REST API.
    package func get(_ path: String) throws -> LoopbackHTTP.Reply {
        try LoopbackHTTP.request("GET", path, port: guiPort, headers: ["X-API-Key": apiKey])
    }

    /// `POST path` on the REST API; throws unless it answers 200.
    @discardableResult
    package func post(_ path: String) throws -> LoopbackHTTP.Reply {
        let reply = try LoopbackHTTP.request("POST", path, port: guiPort, headers: ["X-API-Key": apiKey])
        guard reply.status == 200 else { throw TestFailure("POST \(path): \(reply.status) \(reply.text)") }
        return reply
    }

    private func read<Value: Decodable>(_ type: Value.Type, _ path: String) throws -> Value {
        let reply = try get(path)
        guard reply.status == 200 else { throw TestFailure("GET \(path): \(reply.status) \(reply.text)") }
        return try JSONDecoder().decode(Value.self, from: reply.body)
    }

    /// Whether a sync connection to `peer` is up (`/rest/system/connections`).
    package func isConnected(to peer: Syncthing) -> Bool {
        struct Connections: Decodable {
            struct Connection: Decodable { var connected: Bool }
            var connections: [String: Connection]
        }
        return (try? read(Connections.self, "/rest/system/connections").connections[peer.deviceID]?.connected)
            == true
    }

    /// Waits until ``isConnected(to:)``.
    package func waitUntilConnected(to peer: Syncthing, timeoutMilliseconds: Int64 = 60_000) throws {
        guard poll(timeoutMilliseconds: timeoutMilliseconds, { isConnected(to: peer) }) else {
            throw TestFailure("syncthing \(deviceID) did not connect to \(peer.deviceID): \(log)")
        }
    }

    /// Scans folder `id` now (the REST call returns once the scan is done), not waiting for the file watcher.
    package func scan(_ id: String) throws {
        try post("/rest/db/scan?folder=\(id)")
    }

    /// How complete `peer`'s copy of folder `id` is, as this instance knows it (`/rest/db/completion`).
    package struct Completion: Decodable, Sendable {
        package var completion: Double
        package var needItems: Int
        package var needDeletes: Int
        /// `valid` once the peer shares the folder and has sent its index (Syncthing 1.19 reports it).
        package var remoteState: String?

        /// Nothing left to pull, and the peer's index is known.
        package var isComplete: Bool {
            completion == 100 && needItems == 0 && needDeletes == 0 && (remoteState ?? "valid") == "valid"
        }
    }

    /// `/rest/db/completion` of folder `id` on `peer`.
    package func completion(_ id: String, of peer: Syncthing) throws -> Completion {
        try read(Completion.self, "/rest/db/completion?folder=\(id)&device=\(peer.deviceID)")
    }

    /// The state of folder `id` here (`/rest/db/status`).
    package struct FolderStatus: Decodable, Sendable {
        /// `idle`, `scanning`, `syncing`, `error`…
        package var state: String
        package var needTotalItems: Int
        package var inSyncFiles: Int
        package var globalFiles: Int

        /// Not scanning or pulling, nothing to pull.
        package var isSettled: Bool { state == "idle" && needTotalItems == 0 }
    }

    /// `/rest/db/status` of folder `id`.
    package func status(_ id: String) throws -> FolderStatus {
        try read(FolderStatus.self, "/rest/db/status?folder=\(id)")
    }

    /// Scans folder `id` on both instances, then waits until each says the other's copy is complete and has
    /// nothing left to pull itself: the two copies hold the same files.
    package static func waitUntilInSync(
        _ a: Syncthing, _ b: Syncthing, folder id: String, timeoutMilliseconds: Int64 = 60_000
    ) throws {
        try a.scan(id)
        try b.scan(id)
        var last = ""
        let synced = poll(timeoutMilliseconds: timeoutMilliseconds) {
            do {
                let (ab, ba) = (try a.completion(id, of: b), try b.completion(id, of: a))
                let (sa, sb) = (try a.status(id), try b.status(id))
                last = "a sees b \(ab), b sees a \(ba), a \(sa), b \(sb)"
                return ab.isComplete && ba.isComplete && sa.isSettled && sb.isSettled
            } catch {
                last = "\(error)"
                return false
            }
        }
        guard synced else {
            throw TestFailure(
                "folder \(id) did not get in sync: \(last)\n--- a (running: \(a.process?.isRunning ?? false)):\n\(a.log)"
                    + "\n--- b (running: \(b.process?.isRunning ?? false)):\n\(b.log)")
        }
    }

    private static func environment(_ home: String) -> [String: String] {
        var environment = TestEnvironment.minimal
        environment["HOME"] = home
        environment["STNOUPGRADE"] = "1"
        environment["STNORESTART"] = "1"
        // Without it, `serve` (even with --no-restart) forks a monitor and runs Syncthing as its child: a SIGKILL to
        // the pid would leave the child running, holding the database and the ports.
        environment["STMONITORED"] = "yes"
        environment["STNODEFAULTFOLDER"] = "1"
        return environment
    }
}
