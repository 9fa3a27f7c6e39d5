package import Logging
package import PaceCore
package import PaceSystem

/// Where the sensor is, as `pace hr` and `pace doctor` say it.
package enum HeartRateSensorState: String, Sendable, Equatable {
    /// Heart rate is not configured (`[heart_rate] device`).
    case off
    /// No system bus to reach BlueZ on.
    case noSystemBus
    /// Nothing owns `org.bluez`: BlueZ (bluetoothd) is not running.
    case noBluetooth
    /// BlueZ has no adapter.
    case noAdapter
    /// Every adapter is powered off.
    case adapterOff
    /// The configured device is not known to BlueZ, not paired, or (for "auto") no connected device offers heart
    /// rate.
    case searching
    /// Asking BlueZ to connect the device.
    case connecting
    /// Connected; BlueZ has not resolved the Heart Rate Measurement characteristic yet, or notifications are
    /// being switched on.
    case connected
    /// Notifications of Heart Rate Measurement are on.
    case reading

    /// In words, for `pace hr`.
    package var words: String {
        switch self {
        case .off: "off (no [heart_rate] device configured)"
        case .noSystemBus: "no system bus"
        case .noBluetooth: "Bluetooth service (BlueZ) not running"
        case .noAdapter: "no Bluetooth adapter"
        case .adapterOff: "Bluetooth is off"
        case .searching: "looking for the sensor"
        case .connecting: "connecting"
        case .connected: "connected, waiting for heart rate"
        case .reading: "reading"
        }
    }
}

/// Reads a Bluetooth heart-rate sensor through BlueZ on the system bus: finds the adapter and the device
/// (`GetManagedObjects`, then `InterfacesAdded` and `InterfacesRemoved`), asks BlueZ to connect a paired,
/// configured device (`Device1.Connect`), and switches on notifications of Heart Rate Measurement (the
/// `GattCharacteristic1` with UUID 0x2A37). Where BlueZ offers it (5.46 and later: the characteristic shows
/// `NotifyAcquired`) they arrive on a socket of their own (`AcquireNotify`, ``NotificationSocket``): a frame a
/// message, read with one `recv`, nothing of D-Bus on the way. Otherwise, or when BlueZ refuses it (another client
/// reads the characteristic already, say), each frame is the `Value` in a `PropertiesChanged` signal
/// (`StartNotify`). It reads Battery Level (0x2A19) when the device offers it.
///
/// It follows a device that disconnects (connecting it again, with backoff), an adapter switched off and on,
/// BlueZ restarting (`NameOwnerChanged` of `org.bluez`), and the system bus going away, through the same
/// ``BusEndpoint`` the desktop uses. Nothing here waits: every call is asynchronous and answered on the loop. A
/// frame that is not a measurement is dropped with one log line (at most ``maximumFrameLines`` per connection).
///
/// It connects to the system bus only once started, and the daemon starts it only when `[heart_rate] device` is
/// set: without it, nothing Bluetooth happens.
@DaemonActor
package final class HeartRateSensor {
    /// Timeouts and retries.
    package struct Options: Sendable {
        /// How long BlueZ has to answer a question.
        package var callTimeout: Duration = .seconds(5)
        /// How long `Device1.Connect` may take (BlueZ pages the device; out of range, it fails after seconds).
        package var connectTimeout: Duration = .seconds(60)
        /// The first retry after a failed connect or `StartNotify`; doubles up to ``maximumRetryDelay``.
        package var firstRetryDelay: Duration = .seconds(5)
        package var maximumRetryDelay: Duration = .seconds(300)
        /// The first and longest wait before reconnecting the system bus.
        package var firstBusRetryDelay: Duration = .seconds(1)
        package var maximumBusRetryDelay: Duration = .seconds(60)

        package init() {}
    }

    /// At most this many bad frames are logged, one line each, per connection of the device; then one line says
    /// further ones are only counted.
    package nonisolated static let maximumFrameLines = 20

    private let device: HeartRateSettings.Device
    /// Whether notifications are always read as signals (`[heart_rate] share_sensor`), never on a socket.
    private let sharing: Bool
    private let logger: Logger
    private let options: Options
    private let endpoint: BusEndpoint
    private var connection: BusConnection?
    private var generation = 0
    private var objects: BlueZObjects?
    /// The device heart rate comes from, once found.
    private var chosen: BlueZObjects.Device?
    /// The measurement characteristic notifications were switched on for (either way).
    private var notifying: String?
    private var startingNotify: String?
    /// The characteristic `AcquireNotify` was asked for, until BlueZ answers.
    private var acquiring: String?
    /// Where notifications arrive when BlueZ handed over a socket for them; `nil` while they come as signals.
    private var notificationSocket: NotificationSocket?
    /// The characteristic whose `AcquireNotify` failed, or whose socket ended while the device stayed connected:
    /// its notifications are read from signals until the device connects again.
    private var acquireRefused: String?
    private var battery: String?
    private var connectPending = false
    private var nextRetryDelay: Duration
    private lazy var retryTimer = LoopTimer { [weak self] in self?.retry() }
    private var retryPending = false
    private var reportedConnectFailure = false
    private var badFrameLines = 0

    /// Where the sensor is.
    package private(set) var state = HeartRateSensorState.noSystemBus
    /// The last battery level read, in percent.
    package private(set) var batteryPercent: Int?
    /// The device's name, once found.
    package var deviceName: String? { chosen?.name }
    /// The device's Bluetooth address, once found.
    package var deviceAddress: String? { chosen?.address }
    /// Bad frames since start.
    package private(set) var rejectedFrames = 0
    /// Whether notifications arrive on a socket BlueZ handed over (`AcquireNotify`) rather than as signals.
    package var readsNotificationSocket: Bool { notificationSocket?.isOpen == true }

    /// A measurement arrived (contact lost included).
    package var onMeasurement: ((HeartRateMeasurement) -> Void)?
    /// ``state``, the device or the battery level changed.
    package var onChange: (() -> Void)?

    /// - Parameters:
    ///   - sharing: Read notifications as signals even where BlueZ offers a socket, so other programs can read them too.
    package init(
        device: HeartRateSettings.Device, sharing: Bool = false, environment: [String: String], logger: Logger,
        options: Options = Options()
    ) {
        self.device = device
        self.sharing = sharing
        self.logger = logger
        self.options = options
        self.nextRetryDelay = options.firstRetryDelay
        endpoint = BusEndpoint(
            name: "system bus", address: BusAddress.system(environment: environment), logger: logger,
            policy: BusEndpoint.RetryPolicy(first: options.firstBusRetryDelay, maximum: options.maximumBusRetryDelay))
        endpoint.onConnected = { [weak self] connection in self?.attach(connection) }
        endpoint.onDisconnected = { [weak self] in self?.detach() }
    }

    isolated deinit {
        retryTimer.cancel()
    }

    /// Connects to the system bus (or waits for it) and starts looking for the sensor.
    package func start() {
        endpoint.start()
    }

    /// Stops reading: notifications are switched off (best effort) and the bus connection is closed.
    package func stop() {
        if let socket = notificationSocket {
            // Closing it gives the notifications back. It goes before the bus connection: BlueZ releases
            // before January 2026 (commit a94f994) use freed memory when a client that acquired notifications leaves
            // the bus before BlueZ has seen its socket close.
            socket.close()
            notificationSocket = nil
        } else if let connection, let notifying {
            connection.call(characteristicCall(notifying, "StopNotify"), timeout: options.callTimeout) { _ in }
        }
        retryTimer.cancel()
        endpoint.stop()
    }

    // MARK: - The bus

    private func attach(_ connection: BusConnection) {
        generation += 1
        let generation = self.generation
        self.connection = connection
        let bluez = BlueZObjects.service
        connection.addMatch(.nameOwnerChanged(bluez)) { [weak self] message in
            guard let self, generation == self.generation else { return }
            if message[2]?.string?.isEmpty == false { load() } else { bluezGone() }
        }
        let manager = BusMatchRule(sender: bluez, interface: BlueZObjects.objectManager)
        connection.addMatch(manager) { [weak self] message in
            guard let self, generation == self.generation, let path = message[0]?.string else { return }
            switch message.member {
            case "InterfacesAdded": objects?.add(path: path, interfaces: message[1])
            case "InterfacesRemoved": objects?.remove(path: path, interfaces: message[1]?.strings ?? [])
            default: return
            }
            reconcile()
        }
        let properties = BusMatchRule(
            sender: bluez, interface: "org.freedesktop.DBus.Properties", member: "PropertiesChanged")
        connection.addMatch(properties) { [weak self] message in
            guard let self, generation == self.generation else { return }
            propertiesChanged(message)
        }
        load()
    }

    private func detach() {
        generation += 1
        connection = nil
        forget()
        setState(.noSystemBus)
    }

    /// Asks BlueZ for everything it has.
    private func load() {
        guard let connection else { return }
        let generation = self.generation
        let call = BusMethodCall(
            destination: BlueZObjects.service, path: "/", interface: BlueZObjects.objectManager,
            member: "GetManagedObjects", allowsAutoStart: false)
        connection.call(call, timeout: options.callTimeout) { [weak self] result in
            guard let self, generation == self.generation else { return }
            switch result {
            case .success(let reply):
                guard let objects = BlueZObjects(managedObjects: reply[0]) else {
                    logger.warning(
                        "BlueZ answered GetManagedObjects with something else: \(reply.body.first.map { $0.signature } ?? "nothing")"
                    )
                    return bluezGone()
                }
                self.objects = objects
                reconcile()
            case .failure(let error):
                if !error.isPeerAbsent { logger.warning("cannot ask BlueZ for its devices: \(error)") }
                bluezGone()
            }
        }
    }

    private func bluezGone() {
        if objects != nil || state != .noBluetooth { logger.info("BlueZ (org.bluez) is not on the system bus") }
        forget()
        setState(.noBluetooth)
    }

    /// Forgets everything learned from BlueZ: it is gone, or the bus is.
    private func forget() {
        objects = nil
        chosen = nil
        stopReading()
        acquireRefused = nil
        battery = nil
        connectPending = false
        batteryPercent = nil
    }

    private func propertiesChanged(_ message: BusMessage) {
        guard let path = message.path, let interface = message[0]?.string else { return }
        // Once a second while reading from signals: a new `Value` of the measurement characteristic and nothing
        // else. Nothing keeps a characteristic's value in ``objects``, so the frame is read straight from the message.
        if interface == BlueZObjects.characteristicInterface, readsSignals(of: path),
            let frame = Self.onlyValue(message)
        {
            return measured(frame)
        }
        guard let changed = message[1]?.dictionary else { return }
        if interface == BlueZObjects.characteristicInterface, let value = changed["Value"]?.bytes {
            if readsSignals(of: path) {
                measured(value)
            } else if path == battery {
                batteryRead(value)
            }
        }
        let relevant =
            objects?.change(
                path: path, interface: interface, changed: changed, invalidated: message[2]?.strings ?? []) ?? false
        if relevant { reconcile() }
    }

    /// Whether measurements of the characteristic at `path` come as `PropertiesChanged` signals (not on a socket).
    private func readsSignals(of path: String) -> Bool {
        (path == notifying && notificationSocket == nil) || path == startingNotify
    }

    /// The bytes of `Value` when a `PropertiesChanged(s, a{sv}, as)` changes that property alone and invalidates
    /// none; `nil` otherwise.
    private static func onlyValue(_ message: BusMessage) -> [UInt8]? {
        guard case .array(_, let entries)? = message[1], entries.count == 1,
            case .dictionaryEntry(let key, let value) = entries[0], key.string == "Value",
            case .array(_, let invalidated)? = message[2], invalidated.isEmpty
        else { return nil }
        return value.unwrapped.bytes
    }

    // MARK: - Finding and connecting the device

    /// Works out from what BlueZ has what to do next: connect the device, switch notifications on, or wait.
    private func reconcile() {
        guard let objects else { return setState(.noBluetooth) }
        let adapters = objects.adapters
        guard !adapters.isEmpty else {
            dropDevice()
            return setState(.noAdapter)
        }
        let powered = Set(adapters.filter(\.powered).map(\.path))
        guard !powered.isEmpty else {
            dropDevice()
            return setState(.adapterOff)
        }
        guard let device = pick(from: objects.devices, powered: powered) else {
            dropDevice()
            return setState(.searching)
        }
        if chosen?.path != device.path {
            dropDevice()
            logger.info("heart-rate sensor: \(device.name ?? "a device") (\(device.address)) through \(device.adapter)")
            badFrameLines = 0
        }
        chosen = device
        guard device.connected else {
            stopReading()
            // A new connection may hand over a socket again.
            acquireRefused = nil
            battery = nil
            // A new connection: its bad frames get their lines again.
            badFrameLines = 0
            guard device.paired else {
                logger.debug("\(device.address) is not paired; pair it with the desktop's Bluetooth settings")
                return setState(.searching)
            }
            connect(device)
            return setState(.connecting)
        }
        connectPending = false
        reportedConnectFailure = false
        readBattery(objects.characteristic(BlueZObjects.batteryLevel, of: device.path))
        guard let characteristic = objects.characteristic(BlueZObjects.heartRateMeasurement, of: device.path) else {
            stopReading()
            return setState(.connected)
        }
        if notifying == characteristic {
            return setState(.reading)
        }
        switchOnNotifications(characteristic, offeredSocket: objects.offersNotificationSocket(characteristic))
        setState(.connected)
    }

    /// The device to read: the configured address (on a powered adapter, connected first), or for "auto" the
    /// device read before while it is still paired or connected, else the first connected device offering
    /// heart rate.
    private func pick(from devices: [BlueZObjects.Device], powered: Set<String>) -> BlueZObjects.Device? {
        let usable = devices.filter { powered.contains($0.adapter) }
        let candidates: [BlueZObjects.Device]
        switch device {
        case .address(let address):
            candidates = usable.filter { $0.address == address }
        case .automatic:
            if let previous = chosen, let again = usable.first(where: { $0.path == previous.path }),
                again.connected || again.paired
            {
                return again
            }
            candidates = usable.filter { $0.connected && $0.offersHeartRate }
        }
        return candidates.first { $0.connected } ?? candidates.first { $0.paired } ?? candidates.first
    }

    /// The chosen device is gone or changed: nothing is read from it any more.
    private func dropDevice() {
        chosen = nil
        stopReading()
        acquireRefused = nil
        battery = nil
        batteryPercent = nil
    }

    private func connect(_ device: BlueZObjects.Device) {
        guard let connection, !connectPending, !retryPending else { return }
        connectPending = true
        let generation = self.generation
        let call = BusMethodCall(
            destination: BlueZObjects.service, path: device.path, interface: BlueZObjects.deviceInterface,
            member: "Connect", allowsAutoStart: false)
        logger.debug("asking BlueZ to connect \(device.address)")
        connection.call(call, timeout: options.connectTimeout) { [weak self] result in
            guard let self, generation == self.generation else { return }
            connectPending = false
            switch result {
            case .success:
                nextRetryDelay = options.firstRetryDelay
                reconcile()
            case .failure(let error):
                if !reportedConnectFailure {
                    reportedConnectFailure = true
                    logger.info("cannot connect the heart-rate sensor \(device.address) (\(error)); trying again later")
                }
                scheduleRetry()
            }
        }
    }

    /// Nothing is read from the measurement characteristic any more; a socket BlueZ handed over is closed, which
    /// gives the notifications back.
    private func stopReading() {
        notificationSocket?.close()
        notificationSocket = nil
        notifying = nil
        startingNotify = nil
        acquiring = nil
    }

    /// Switches notifications of `characteristic` on: on a socket when BlueZ offers one, has not refused it on this
    /// connection and the sensor is not shared, else as signals.
    private func switchOnNotifications(_ characteristic: String, offeredSocket: Bool) {
        guard acquiring != characteristic, startingNotify != characteristic else { return }
        // Another characteristic's notifications (BlueZ resolved the services anew): those stop.
        if notifying != nil { stopReading() }
        if offeredSocket && !sharing && acquireRefused != characteristic {
            acquireNotify(characteristic)
        } else {
            startNotify(characteristic)
        }
    }

    /// `AcquireNotify`: BlueZ switches notifications on and answers with a `SOCK_SEQPACKET` socket (and the MTU) on
    /// which each arrives as one message. Any failure (`NotPermitted` while another client holds it, `InProgress`
    /// when another client reads it with `StartNotify`, `NotSupported`, no answer) falls back to signals.
    private func acquireNotify(_ characteristic: String) {
        guard let connection else { return }
        acquiring = characteristic
        let generation = self.generation
        let call = BusMethodCall(
            destination: BlueZObjects.service, path: characteristic, interface: BlueZObjects.characteristicInterface,
            member: "AcquireNotify", arguments: [.stringVariantDictionary([])], allowsAutoStart: false)
        connection.call(call, timeout: options.callTimeout) { [weak self] result in
            // A late answer's descriptor is closed with the answer, which gives the notifications back.
            guard let self, generation == self.generation, acquiring == characteristic else { return }
            acquiring = nil
            switch result {
            case .success(let reply):
                guard let descriptor = reply[0]?.fileDescriptor?.take() else {
                    let shape = reply.body.map(\.signature).joined()
                    return acquireFailed(characteristic, "an answer of type (\(shape)), not a socket")
                }
                do {
                    notificationSocket = try NotificationSocket(
                        descriptor, characteristic: characteristic,
                        onFrame: { [weak self] bytes, length in self?.notified(bytes, length: length) },
                        onClosed: { [weak self] why in self?.notificationSocketEnded(characteristic, why) })
                } catch {
                    return acquireFailed(characteristic, "\(error)")
                }
                notifying = characteristic
                nextRetryDelay = options.firstRetryDelay
                logger.info("reading heart rate from \(chosen?.address ?? characteristic) (on a socket from BlueZ)")
                reconcile()
            case .failure(let error):
                acquireFailed(characteristic, "\(error)")
            }
        }
    }

    private func acquireFailed(_ characteristic: String, _ why: String) {
        logger.info("BlueZ did not hand over heart-rate notifications on a socket (\(why)); reading them from signals")
        acquireRefused = characteristic
        startNotify(characteristic)
    }

    /// The socket ended: BlueZ closed it because the device disconnected, the adapter went off or BlueZ stopped, or
    /// it took the notifications back. Which of these it was shows in BlueZ's objects, asked for anew (the answer
    /// comes after every signal BlueZ sent before it), and ``reconcile()`` follows as it does on those paths. A
    /// device still connected then is read from signals until it connects again, so a socket that keeps ending
    /// makes no loop.
    private func notificationSocketEnded(_ characteristic: String, _ why: String) {
        guard notificationSocket?.characteristic == characteristic else { return }
        logger.debug("heart-rate notification socket ended: \(why)")
        notificationSocket = nil
        notifying = nil
        acquireRefused = characteristic
        load()
    }

    private func startNotify(_ characteristic: String) {
        guard let connection, startingNotify != characteristic else { return }
        startingNotify = characteristic
        let generation = self.generation
        connection.call(characteristicCall(characteristic, "StartNotify"), timeout: options.callTimeout) {
            [weak self] result in
            guard let self, generation == self.generation, startingNotify == characteristic else { return }
            startingNotify = nil
            switch result {
            case .success:
                notifying = characteristic
                nextRetryDelay = options.firstRetryDelay
                logger.info("reading heart rate from \(chosen?.address ?? characteristic)")
                reconcile()
            case .failure(let error):
                logger.warning("BlueZ did not switch on heart-rate notifications (\(error)); trying again later")
                scheduleRetry()
            }
        }
    }

    /// Reads the battery level once per connection, and follows it when the device notifies it.
    private func readBattery(_ characteristic: String?) {
        guard let connection, let characteristic, battery != characteristic else { return }
        battery = characteristic
        let generation = self.generation
        let read = BusMethodCall(
            destination: BlueZObjects.service, path: characteristic, interface: BlueZObjects.characteristicInterface,
            member: "ReadValue", arguments: [.stringVariantDictionary([])], allowsAutoStart: false)
        connection.call(read, timeout: options.callTimeout) { [weak self] result in
            guard let self, generation == self.generation, battery == characteristic else { return }
            if case .success(let reply) = result, let bytes = reply[0]?.bytes { batteryRead(bytes) }
        }
        let flags = objects?.property("Flags", of: BlueZObjects.characteristicInterface, at: characteristic)?.strings
        if flags?.contains("notify") == true {
            connection.call(characteristicCall(characteristic, "StartNotify"), timeout: options.callTimeout) { _ in }
        }
    }

    private func characteristicCall(_ path: String, _ member: String) -> BusMethodCall {
        BusMethodCall(
            destination: BlueZObjects.service, path: path, interface: BlueZObjects.characteristicInterface,
            member: member, allowsAutoStart: false)
    }

    private func scheduleRetry() {
        guard !retryPending else { return }
        retryPending = true
        retryTimer.schedule(after: nextRetryDelay)
        nextRetryDelay = min(nextRetryDelay * 2, options.maximumRetryDelay)
    }

    private func retry() {
        retryPending = false
        reconcile()
    }

    // MARK: - Frames

    /// A message on the notification socket: `length` is the whole message, longer than `bytes` when it did not fit.
    private func notified(_ bytes: UnsafeBufferPointer<UInt8>, length: Int) {
        guard length <= bytes.count else { return rejected(.oversized(length), "Heart Rate Measurement") }
        measured(Array(bytes))
    }

    private func measured(_ frame: [UInt8]) {
        do throws(HeartRateFrameError) {
            let measurement = try HeartRateMeasurement(frame: frame)
            if state != .reading, notifying != nil { setState(.reading) }
            onMeasurement?(measurement)
        } catch {
            rejected(error, "Heart Rate Measurement")
        }
    }

    private func batteryRead(_ frame: [UInt8]) {
        do throws(HeartRateFrameError) {
            let percent = try BatteryLevel.percent(frame: frame)
            guard percent != batteryPercent else { return }
            batteryPercent = percent
            onChange?()
        } catch {
            rejected(error, "Battery Level")
        }
    }

    private func rejected(_ error: HeartRateFrameError, _ what: String) {
        rejectedFrames += 1
        badFrameLines += 1
        if badFrameLines <= Self.maximumFrameLines {
            logger.warning("dropped a \(what) frame from the heart-rate sensor: \(error)")
        }
        if badFrameLines == Self.maximumFrameLines {
            logger.warning("further bad frames from this sensor are dropped without a line each until it reconnects")
        }
    }

    private func setState(_ new: HeartRateSensorState) {
        guard new != state else { return }
        state = new
        logger.debug("heart-rate sensor: \(new.words)")
        onChange?()
    }
}
