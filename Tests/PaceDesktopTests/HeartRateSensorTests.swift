import FoundationEssentials
import PaceCore
import PaceDaemon
import PaceSystem
import PaceTestSupport
import Synchronization
import Testing

/// The heart-rate sensor against a fake BlueZ (`Tests/DBus/test_bluez.py`) on a private bus that stands in for the
/// system bus: finding and connecting the device, notifications, frames of every shape, and everything that can
/// go away.
///
/// Notifications come two ways: on a socket BlueZ hands over (`AcquireNotify`, ``TestBlueZ/NotifySocket/offered``)
/// or, when BlueZ refuses that, as `PropertiesChanged` signals (``TestBlueZ/NotifySocket/refused``). The tests of
/// frames and of what can go away run both ways.
@Suite(.enabled(if: TestBlueZ.isAvailable, "needs dbus-daemon, busctl and python3 with dbus and gi"))
struct HeartRateSensorTests {
    /// Both ways notifications arrive.
    static let ways: [TestBlueZ.NotifySocket] = [.offered, .refused]

    private static func start(
        device: HeartRateSettings.Device = .address(TestBlueZ.sensorAddress), connected: Bool = false,
        paired: Bool = true, connectFailures: Int = 0, notifySocket: TestBlueZ.NotifySocket = .offered
    ) throws -> (DesktopFixture, TestBlueZ, SensorHarness) {
        let fixture = DesktopFixture()
        let system = try fixture.startSystemBus()
        let bluez = try TestBlueZ(
            on: system, in: fixture.directory.path, connected: connected, paired: paired,
            connectFailures: connectFailures, notifySocket: notifySocket)
        let sensor = SensorHarness(device: device, environment: fixture.environment)
        return (fixture, bluez, sensor)
    }

    /// Reading, and on the socket exactly when BlueZ offers one.
    private static func reading(_ sensor: SensorHarness, _ way: TestBlueZ.NotifySocket) async -> Bool {
        await sensor.waitUntil { $0.state == .reading && $0.readsNotificationSocket == (way == .offered) }
    }

    /// Waits until Pace has switched the notifications of the characteristic at `path` on `times` times in all, the
    /// way `way` says (what BlueZ recorded: a frame sent after that reaches Pace), and reads them.
    private static func switchedOn(
        _ bluez: TestBlueZ, _ sensor: SensorHarness, _ way: TestBlueZ.NotifySocket, times: Int,
        path: String = TestBlueZ.measurementPath
    ) async -> Bool {
        let call = (way == .offered ? "AcquireNotify " : "StartNotify ") + path
        guard await eventually({ (try? bluez.calls())?.filter { $0 == call }.count == times }) else { return false }
        return await reading(sensor, way)
    }

    @Test(arguments: ways)
    func aPairedConfiguredSensorIsConnectedAndRead(way: TestBlueZ.NotifySocket) async throws {
        let (fixture, bluez, sensor) = try Self.start(notifySocket: way)
        #expect(await Self.reading(sensor, way))
        let calls = try bluez.calls()
        #expect(calls.contains("Connect /org/bluez/hci0/dev_A0_9E_1A_12_34_56"))
        #expect(calls.contains("AcquireNotify \(TestBlueZ.measurementPath)"))
        #expect(calls.contains("StartNotify \(TestBlueZ.measurementPath)") == (way == .refused))
        #expect(await sensor.waitUntil { $0.batteryPercent == 87 })
        #expect(sensor.run { $0.deviceAddress } == TestBlueZ.sensorAddress)
        #expect(sensor.run { $0.deviceName } == "Polar H10 A1B2C3D4")
        // 8-bit with contact and two RR intervals, 16-bit, energy expended.
        try bluez.notify([0x16, 72, 0x2E, 0x03, 0x20, 0x03])
        try bluez.notify([0x07, 0xB4, 0x00])
        try bluez.notify([0x0E, 91, 0x10, 0x01])
        #expect(await sensor.waitFor { $0.count == 3 })
        #expect(
            sensor.measurements == [
                HeartRateMeasurement(beatsPerMinute: 72, contact: .detected, rrIntervals: [0x032E, 0x0320]),
                HeartRateMeasurement(beatsPerMinute: 180, contact: .detected),
                HeartRateMeasurement(beatsPerMinute: 91, contact: .detected, energyExpendedKilojoules: 0x0110),
            ])
        try bluez.setBattery(54)
        #expect(await sensor.waitUntil { $0.batteryPercent == 54 })
        _ = fixture
    }

    /// BlueZ before 5.46 has no `AcquireNotify` (and no `NotifyAcquired`): Pace does not ask, and reads signals.
    @Test func withoutNotificationSocketsSignalsAreRead() async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true, notifySocket: .absent)
        #expect(await Self.reading(sensor, .absent))
        try bluez.notify([0x06, 75])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [75] })
        let calls = try bluez.calls()
        #expect(!calls.contains { $0.hasPrefix("AcquireNotify") })
        #expect(calls.contains("StartNotify \(TestBlueZ.measurementPath)"))
        _ = fixture
    }

    /// `[heart_rate] share_sensor = true`: signals, which other programs can read too, even where BlueZ offers a socket.
    @Test func aSharedSensorIsReadAsSignalsThoughASocketIsOffered() async throws {
        let fixture = DesktopFixture()
        let system = try fixture.startSystemBus()
        let bluez = try TestBlueZ(on: system, in: fixture.directory.path, connected: true, notifySocket: .offered)
        let sensor = SensorHarness(
            device: .address(TestBlueZ.sensorAddress), sharing: true, environment: fixture.environment)
        #expect(await Self.switchedOn(bluez, sensor, .refused, times: 1))
        try bluez.notify([0x06, 74])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [74] })
        #expect(!(try bluez.calls()).contains { $0.hasPrefix("AcquireNotify") })
        _ = fixture
    }

    /// A refusal lasts the connection; the next one asks for a socket again.
    @Test func aRefusedSocketIsAskedForAgainOnTheNextConnection() async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true, notifySocket: .refused)
        #expect(await Self.reading(sensor, .refused))
        #expect(sensor.logLines { $0.contains("did not hand over heart-rate notifications on a socket") }.count == 1)
        try bluez.setNotifySocket(.offered)
        try bluez.setConnected(false)
        #expect(await Self.switchedOn(bluez, sensor, .offered, times: 2))
        try bluez.notify([0x06, 76])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [76] })
        _ = fixture
    }

    /// BlueZ closing the socket while the device stays connected: Pace reads signals from then on, asking for no
    /// socket again on this connection (a socket that kept closing would otherwise make a loop of it).
    @Test func aSocketEndingWhileConnectedFallsBackToSignals() async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true)
        #expect(await Self.reading(sensor, .offered))
        try bluez.notify([0x06, 77])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [77] })
        try bluez.releaseNotify()
        #expect(await Self.switchedOn(bluez, sensor, .refused, times: 1))
        try bluez.notify([0x06, 78])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [77, 78] })
        let calls = try bluez.calls()
        #expect(calls.filter { $0.hasPrefix("AcquireNotify") }.count == 1)
        #expect(calls.filter { $0 == "StartNotify \(TestBlueZ.measurementPath)" }.count == 1)
        _ = fixture
    }

    /// Stopping closes the socket, which gives the notifications back to BlueZ.
    @Test func stoppingGivesTheSocketBack() async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true)
        #expect(await Self.reading(sensor, .offered))
        #expect(try bluez.notifyAcquired())
        sensor.run { $0.stop() }
        #expect(await eventually { (try? bluez.notifyAcquired()) == false })
        _ = fixture
    }

    @Test(arguments: ways)
    func contactLostIsReported(way: TestBlueZ.NotifySocket) async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true, notifySocket: way)
        #expect(await Self.reading(sensor, way))
        try bluez.notify([0x06, 80])
        try bluez.notify([0x04, 0])
        #expect(await sensor.waitFor { $0.count == 2 })
        #expect(sensor.measurements.map(\.contact) == [.detected, .lost])
        #expect(sensor.measurements.map(\.beatsPerMinute) == [80, nil])
        _ = fixture
    }

    /// Every bad frame is dropped with one log line; the good frames around them still arrive, in order. On the
    /// socket, the empty frame is an empty message and the oversized one longer than the buffer it is read into.
    @Test(arguments: ways)
    func badFramesAreDroppedOneLineEach(way: TestBlueZ.NotifySocket) async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true, notifySocket: way)
        #expect(await Self.reading(sensor, way))
        let bad: [[UInt8]] = [
            [], [0x01, 0x48], [0x10, 0x48], [0x00, 0], [0x01, 0x2C, 0x01], [0x10, 70, 0x00, 0x00],
            [0x10, 70, 0x00, 0xF0], [0x00, 70, 1, 2], [0x10, 70] + [UInt8](repeating: 3, count: 520),
        ]
        try bluez.notify([0x00, 61])
        for frame in bad { try bluez.notify(frame) }
        try bluez.notify([0x00, 62])
        #expect(await sensor.waitFor { $0.count == 2 })
        #expect(sensor.measurements.map(\.beatsPerMinute) == [61, 62])
        #expect(sensor.run { $0.rejectedFrames } == bad.count)
        #expect(sensor.logLines { $0.contains("dropped a Heart Rate Measurement frame") }.count == bad.count)
        #expect(sensor.run { $0.state } == .reading)
        #expect(sensor.run { $0.readsNotificationSocket } == (way == .offered))
        _ = fixture
    }

    /// A sensor sending nothing but bad frames fills no journal: 20 lines a connection, then one saying the rest
    /// are only counted; the count goes on (`pace hr` and `pace doctor` show it), and a reconnect logs afresh.
    @Test(arguments: ways)
    func badFrameLinesAreCappedAndCounted(way: TestBlueZ.NotifySocket) async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true, notifySocket: way)
        #expect(await Self.reading(sensor, way))
        for _ in 0..<25 { try bluez.notify([0x01, 0x48]) }
        try bluez.notify([0x00, 61])
        #expect(await sensor.waitFor { $0.count == 1 })
        #expect(sensor.run { $0.rejectedFrames } == 25)
        let cap = HeartRateSensor.maximumFrameLines
        #expect(sensor.logLines { $0.contains("dropped a Heart Rate Measurement frame") }.count == cap)
        #expect(sensor.logLines { $0.contains("further bad frames from this sensor are dropped") }.count == 1)
        try bluez.setConnected(false)
        #expect(await Self.switchedOn(bluez, sensor, way, times: 2))
        try bluez.notify([0x01, 0x48])
        try bluez.notify([0x00, 62])
        #expect(await sensor.waitFor { $0.count == 2 })
        #expect(sensor.run { $0.rejectedFrames } == 26)
        #expect(sensor.logLines { $0.contains("dropped a Heart Rate Measurement frame") }.count == cap + 1)
        _ = fixture
    }

    /// A device that vanishes mid-notification (its objects announced gone between two values): what came before is
    /// read, nothing is misread or crashes, the sensor is looked for again, and read again once it is back.
    @Test(arguments: ways)
    func aDeviceVanishingMidNotificationIsFollowed(way: TestBlueZ.NotifySocket) async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true, notifySocket: way)
        #expect(await Self.reading(sensor, way))
        try bluez.notifyAndVanish([[0x00, 81], [0x00, 82], [0x00, 83]])
        #expect(await sensor.waitUntil { $0.state == .searching })
        #expect(sensor.measurements.first?.beatsPerMinute == 81)
        // Whatever came from the vanishing device was a reading it sent: nothing else is made of it.
        #expect(Set(sensor.measurements.compactMap(\.beatsPerMinute)).isSubset(of: [81, 82, 83]))
        try bluez.removeAdapter("hci0")
        try bluez.addAdapter("hci0", withSensor: true)
        #expect(await Self.switchedOn(bluez, sensor, way, times: 2))
        try bluez.notify([0x00, 84])
        #expect(await sensor.waitFor { $0.last?.beatsPerMinute == 84 })
        #expect(sensor.run { $0.rejectedFrames } == 0)
        _ = fixture
    }

    @Test(arguments: ways)
    func aDisconnectedSensorIsConnectedAgain(way: TestBlueZ.NotifySocket) async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true, notifySocket: way)
        #expect(await Self.reading(sensor, way))
        try bluez.setConnected(false)
        // Pace asks BlueZ to connect it again, and switches notifications on again (on a new socket: BlueZ closed
        // the old one with the connection).
        #expect(await Self.switchedOn(bluez, sensor, way, times: 2))
        #expect(await sensor.waitUntil { $0.batteryPercent != nil })
        let calls = try bluez.calls()
        #expect(calls.filter { $0.hasPrefix("Connect ") }.count == 1)
        #expect(calls.filter { $0 == "AcquireNotify \(TestBlueZ.measurementPath)" }.count == 2)
        #expect(calls.filter { $0 == "StartNotify \(TestBlueZ.measurementPath)" }.count == (way == .refused ? 2 : 0))
        try bluez.notify([0x00, 77])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [77] })
        _ = fixture
    }

    @Test func failedConnectsAreRetriedWithBackoff() async throws {
        let (fixture, bluez, sensor) = try Self.start(connectFailures: 2)
        #expect(await sensor.waitUntil { $0.state == .reading })
        #expect(try bluez.calls().filter { $0.hasPrefix("Connect ") }.count == 3)
        #expect(sensor.logLines { $0.contains("cannot connect the heart-rate sensor") }.count == 1)
        _ = fixture
    }

    @Test func anUnpairedSensorIsNotConnected() async throws {
        let (fixture, bluez, sensor) = try Self.start(paired: false)
        #expect(await sensor.waitUntil { $0.state == .searching })
        // A change BlueZ announces makes Pace look again; still nothing to connect.
        try bluez.setBattery(50)
        try bluez.addAdapter("hci1", withSensor: false)
        #expect(await sensor.waitUntil { $0.state == .searching })
        #expect(try bluez.calls().allSatisfy { !$0.hasPrefix("Connect ") })
        _ = fixture
    }

    @Test(arguments: ways)
    func anAdapterSwitchedOffAndOnIsFollowed(way: TestBlueZ.NotifySocket) async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true, notifySocket: way)
        #expect(await Self.reading(sensor, way))
        try bluez.setPowered("hci0", false)
        #expect(await sensor.waitUntil { $0.state == .adapterOff && !$0.readsNotificationSocket })
        try bluez.setPowered("hci0", true)
        #expect(await Self.switchedOn(bluez, sensor, way, times: 2))
        try bluez.notify([0x00, 66])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [66] })
        _ = fixture
    }

    /// A second adapter that knows the same sensor: when the first goes, the sensor is read through the second.
    @Test(arguments: ways)
    func aSecondAdapterTakesOver(way: TestBlueZ.NotifySocket) async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true, notifySocket: way)
        #expect(await Self.reading(sensor, way))
        try bluez.addAdapter("hci1", withSensor: true)
        try bluez.notify([0x00, 70])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [70] })
        try bluez.removeAdapter("hci0")
        let second = "/org/bluez/hci1/dev_A0_9E_1A_12_34_56/service000c/char000d"
        #expect(await Self.switchedOn(bluez, sensor, way, times: 1, path: second))
        #expect(try bluez.calls().contains("Connect /org/bluez/hci1/dev_A0_9E_1A_12_34_56"))
        try bluez.notify([0x00, 71])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [70, 71] })
        _ = fixture
    }

    @Test(arguments: ways)
    func bluezRestartingIsFollowed(way: TestBlueZ.NotifySocket) async throws {
        let (fixture, bluez, sensor) = try Self.start(connected: true, notifySocket: way)
        #expect(await Self.reading(sensor, way))
        bluez.stop()
        #expect(await sensor.waitUntil { $0.state == .noBluetooth && !$0.readsNotificationSocket })
        let system = try #require(fixture.system)
        let again = try TestBlueZ(on: system, in: fixture.directory.path, connected: true, notifySocket: way)
        #expect(await Self.switchedOn(again, sensor, way, times: 1))
        try again.notify([0x00, 64])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [64] })
    }

    @Test func theSystemBusGoingAwayIsSurvived() async throws {
        let (fixture, first, sensor) = try Self.start(connected: true)
        #expect(await sensor.waitUntil { $0.state == .reading })
        let system = try #require(fixture.system)
        system.kill()
        first.stop()
        #expect(await sensor.waitUntil { $0.state == .noSystemBus })
        try system.start()
        let bluez = try TestBlueZ(on: system, in: fixture.directory.path, connected: true)
        #expect(await sensor.waitUntil { $0.state == .reading })
        try bluez.notify([0x00, 65])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [65] })
    }

    @Test func autoReadsTheFirstConnectedDeviceOfferingHeartRate() async throws {
        let (fixture, bluez, sensor) = try Self.start(device: .automatic)
        #expect(await sensor.waitUntil { $0.state == .searching })
        #expect(try bluez.calls().allSatisfy { !$0.hasPrefix("Connect ") })
        try bluez.setConnected(true)
        #expect(await sensor.waitUntil { $0.state == .reading })
        try bluez.notify([0x00, 69])
        #expect(await sensor.waitFor { $0.map(\.beatsPerMinute) == [69] })
        _ = fixture
    }

    @Test func withoutBlueZTheSensorWaitsForIt() async throws {
        let fixture = DesktopFixture()
        let system = try fixture.startSystemBus()
        let sensor = SensorHarness(device: .automatic, environment: fixture.environment)
        #expect(await sensor.waitUntil { $0.state == .noBluetooth })
        let bluez = try TestBlueZ(on: system, in: fixture.directory.path, connected: true)
        #expect(await sensor.waitUntil { $0.state == .reading })
        _ = bluez
    }
}

/// A real ``HeartRateSensor`` on the daemon's loop, recording what it reads and logs.
final class SensorHarness: Sendable {
    let sensor: HeartRateSensor
    private let recorded: Measurements
    private let lines: LogLines

    init(device: HeartRateSettings.Device, sharing: Bool = false, environment: [String: String]) {
        let lines = LogLines()
        self.lines = lines
        let recorded = Measurements()
        self.recorded = recorded
        sensor = onDaemonLoop {
            var options = HeartRateSensor.Options()
            options.callTimeout = .seconds(2)
            options.firstRetryDelay = .milliseconds(100)
            options.maximumRetryDelay = .milliseconds(400)
            options.firstBusRetryDelay = .milliseconds(200)
            options.maximumBusRetryDelay = .seconds(1)
            let sensor = HeartRateSensor(
                device: device, sharing: sharing, environment: environment, logger: lines.logger, options: options)
            sensor.onMeasurement = { measurement in recorded.list.withLock { $0.append(measurement) } }
            sensor.start()
            return sensor
        }
    }

    deinit {
        let sensor = self.sensor
        onDaemonLoop { sensor.stop() }
    }

    var measurements: [HeartRateMeasurement] { recorded.list.withLock { $0 } }

    func logLines(_ matching: (String) -> Bool) -> [String] { lines.lines.withLock { $0.filter(matching) } }

    func run<Result>(_ body: @DaemonActor (HeartRateSensor) -> Result) -> Result {
        let sensor = self.sensor
        return onDaemonLoop { body(sensor) }
    }

    func waitFor(timeoutMilliseconds: Int64 = 30_000, _ condition: ([HeartRateMeasurement]) -> Bool) async -> Bool {
        await eventually(timeoutMilliseconds: timeoutMilliseconds) { condition(measurements) }
    }

    func waitUntil(timeoutMilliseconds: Int64 = 30_000, _ condition: @escaping @DaemonActor (HeartRateSensor) -> Bool)
        async -> Bool
    {
        await eventually(timeoutMilliseconds: timeoutMilliseconds) { run(condition) }
    }
}

/// What the sensor read, in order.
private final class Measurements: Sendable {
    let list = Mutex<[HeartRateMeasurement]>([])
}
