internal import CSystemd
import Glibc
import Logging
import PaceSystem
import SystemPackage

/// One connection to a D-Bus bus through libsystemd's sd-bus, driven by the daemon's loop.
///
/// sd-bus is used as a non-blocking state machine: a watch on its descriptor (for writing too while it has output
/// queued) and a timer for `sd_bus_get_timeout` call `sd_bus_process` until it has nothing more to do. Every call
/// is `sd_bus_call_async`, every match `sd_bus_add_match_async`, so nothing here ever waits for the bus; a peer
/// that does not answer costs a timeout, not a stalled loop.
///
/// This is the only file that sees sd-bus pointers or `@convention(c)` callbacks. Callbacks copy what they
/// receive into ``BusMessage`` values and hand them to their Swift handler with ``DaemonActor/later(_:)``, so no
/// Swift handler ever runs inside `sd_bus_process` and handlers may call back into the connection freely.
@DaemonActor
final class BusConnection {
    private enum State {
        /// Connected, authenticating and saying `Hello`.
        case connecting
        /// Authenticated, with a unique name.
        case ready
        /// Ended by ``close()`` or because the bus went away.
        case closed
    }

    /// For log messages: "session bus", "system bus".
    let name: String
    private let logger: Logger
    /// The `sd_bus *`, until the connection is closed.
    private var bus: OpaquePointer?
    private var watch: IOWatch?
    private lazy var timeout = LoopTimer { [weak self] in self?.drive() }
    private var state = State.connecting
    private var driveScheduled = false

    /// Called once when the connection becomes ready.
    var onReady: (() -> Void)?
    /// Called once when the connection fails or the bus goes away (not after ``close()``).
    var onClosed: ((BusError) -> Void)?

    /// Starts connecting to the bus at `address`; the connection becomes ready later (see ``onReady``).
    ///
    /// - Parameters:
    ///   - address: A D-Bus address, e.g. `unix:path=/run/user/1000/bus`.
    ///   - name: What to call the bus in log messages.
    /// - Throws: ``BusError/Code/cannotConnect`` when nothing listens at `address` (`sd_bus_start` fails).
    init(address: String, name: String, logger: Logger) throws(BusError) {
        self.name = name
        self.logger = logger
        var created: OpaquePointer?
        var result = sd_bus_new(&created)
        guard result >= 0, let created else { throw Self.failure(.cannotConnect, "sd_bus_new", result) }
        result = sd_bus_set_address(created, address)
        if result >= 0 { result = sd_bus_set_bus_client(created, 1) }
        if result >= 0 { result = sd_bus_set_description(created, "pace " + name) }
        // Connecting a Unix socket does not wait; authentication and Hello happen in `sd_bus_process`.
        if result >= 0 { result = sd_bus_start(created) }
        guard result >= 0 else {
            sd_bus_unref(created)
            throw Self.failure(.cannotConnect, "cannot connect to the \(name) at \(address)", result)
        }
        bus = created
        do {
            watch = try IOWatch(FileDescriptor(rawValue: sd_bus_get_fd(created)), for: .readable) { [weak self] _ in
                self?.drive()
            }
        } catch {
            sd_bus_close(created)
            sd_bus_unref(created)
            throw BusError(.cannotConnect, "cannot watch the \(name) connection: \(error)")
        }
        scheduleDrive()
    }

    isolated deinit {
        // Owners close first; this is the safety net.
        if state != .closed { shutDown(reporting: nil) }
    }

    /// Whether the connection is authenticated and has its unique name (`Hello` answered).
    var isReady: Bool { state == .ready }

    /// Whether the connection has ended, by ``close()`` or because the bus went away.
    var isClosed: Bool { state == .closed }

    /// Ends the connection: pending calls fail with ``BusError/Code/disconnected``; ``onClosed`` is not called.
    func close() {
        shutDown(reporting: nil)
    }

    /// Calls a method without waiting; `reply` runs later on the loop, exactly once.
    ///
    /// - Parameters:
    ///   - call: What to call.
    ///   - timeout: How long the peer has to answer; then `reply` gets ``BusError/Code/noReply``.
    ///   - reply: The reply message, or why there is none.
    func call(
        _ call: BusMethodCall, timeout: Duration, reply: @escaping (Result<BusMessage, BusError>) -> Void
    ) {
        guard let bus, state != .closed else {
            let error = BusError(.notConnected, "not connected to the \(name)")
            DaemonActor.later { reply(.failure(error)) }
            return
        }
        var message: OpaquePointer?
        var result = sd_bus_message_new_method_call(
            bus, &message, call.destination, call.path, call.interface, call.member)
        if result >= 0, let message {
            for argument in call.arguments where result >= 0 { result = MessageWriter.append(argument, to: message) }
            if result >= 0 && !call.allowsAutoStart { result = sd_bus_message_set_auto_start(message, 0) }
        }
        defer { sd_bus_message_unref(message) }
        guard result >= 0, let message else {
            let error = Self.failure(.invalidMessage, "cannot build \(call.interface).\(call.member)", result)
            DaemonActor.later { reply(.failure(error)) }
            return
        }
        let box = CallbackBox(owner: self, reply: reply)
        let userdata = Unmanaged.passRetained(box).toOpaque()
        var slot: OpaquePointer?
        result = sd_bus_call_async(bus, &slot, message, messageCallback, userdata, Self.microseconds(timeout))
        guard result >= 0, let slot else {
            Unmanaged<CallbackBox>.fromOpaque(userdata).release()
            let error = Self.failure(.disconnected, "cannot send \(call.interface).\(call.member)", result)
            DaemonActor.later { reply(.failure(error)) }
            return
        }
        Self.hand(slot)
        scheduleDrive()
    }

    /// Subscribes to the signals `rule` matches, without waiting for the bus to confirm.
    ///
    /// - Parameters:
    ///   - rule: Which signals. A `sender` in the rule is checked by the bus, so other clients cannot forge them.
    ///   - handler: Runs on the loop for each matching signal while the connection is open.
    func addMatch(_ rule: BusMatchRule, handler: @escaping (BusMessage) -> Void) {
        guard let bus, state != .closed else { return }
        let box = CallbackBox(owner: self, signal: handler, rule: rule.description)
        let userdata = Unmanaged.passRetained(box).toOpaque()
        var slot: OpaquePointer?
        let result = sd_bus_add_match_async(
            bus, &slot, rule.description, messageCallback, matchInstalledCallback, userdata)
        guard result >= 0, let slot else {
            Unmanaged<CallbackBox>.fromOpaque(userdata).release()
            logger.warning("cannot subscribe to \(rule) on the \(name): \(Self.errnoText(result))")
            return
        }
        Self.hand(slot)
        scheduleDrive()
    }

    /// Serves the object at `path`: every method call to it reaches `handler` (later, on the loop), which must answer
    /// it with ``BusIncomingCall/reply(_:)`` or ``BusIncomingCall/fail(_:_:)``. Pace answers
    /// `org.freedesktop.DBus.Properties` and `Introspectable` itself there too: sd-bus sees no interface table.
    ///
    /// The object is served for as long as the connection is open.
    func export(path: String, handler: @escaping (BusMessage, BusIncomingCall) -> Void) {
        guard let bus, state != .closed else { return }
        let box = CallbackBox(owner: self, call: handler)
        let userdata = Unmanaged.passRetained(box).toOpaque()
        var slot: OpaquePointer?
        let result = sd_bus_add_object(bus, &slot, path, methodCallCallback, userdata)
        guard result >= 0, let slot else {
            Unmanaged<CallbackBox>.fromOpaque(userdata).release()
            logger.warning("cannot serve \(path) on the \(name): \(Self.errnoText(result))")
            return
        }
        Self.hand(slot)
    }

    /// Sends a signal from the object at `path`; nothing happens while the connection is not open.
    func emit(path: String, interface: String, member: String, arguments: [BusValue] = []) {
        guard let bus, state != .closed else { return }
        var message: OpaquePointer?
        var result = sd_bus_message_new_signal(bus, &message, path, interface, member)
        if result >= 0, let message {
            for argument in arguments where result >= 0 { result = MessageWriter.append(argument, to: message) }
            if result >= 0 { result = sd_bus_send(bus, message, nil) }
        }
        sd_bus_message_unref(message)
        if result < 0 { logger.warning("cannot send \(interface).\(member) on the \(name): \(Self.errnoText(result))") }
        scheduleDrive()
    }

    /// Sends the answer to a method call (see ``BusIncomingCall``): its return values, or a D-Bus error.
    fileprivate func answer(_ call: OpaquePointer, with outcome: Result<[BusValue], BusError>) {
        guard let bus, state != .closed else { return }
        // A caller that asked for no reply gets none.
        guard sd_bus_message_get_expect_reply(call) > 0 else { return }
        var reply: OpaquePointer?
        var result: Int32
        switch outcome {
        case .success(let values):
            result = sd_bus_message_new_method_return(call, &reply)
            if result >= 0, let reply {
                for value in values where result >= 0 { result = MessageWriter.append(value, to: reply) }
            }
            if result < 0 {
                logger.warning("cannot build the reply to a call on the \(name): \(Self.errnoText(result))")
                sd_bus_message_unref(reply)
                reply = nil
                result = Self.errorReply(
                    call, "org.freedesktop.DBus.Error.Failed", "Pace could not build the reply", &reply)
            }
        case .failure(let error):
            result = Self.errorReply(call, error.name ?? "org.freedesktop.DBus.Error.Failed", error.message, &reply)
        }
        if result >= 0, let reply { result = sd_bus_send(bus, reply, nil) }
        sd_bus_message_unref(reply)
        if result < 0 { logger.debug("cannot answer a call on the \(name): \(Self.errnoText(result))") }
        scheduleDrive()
    }

    private static func errorReply(
        _ call: OpaquePointer, _ name: String, _ text: String, _ reply: inout OpaquePointer?
    ) -> Int32 {
        name.withCString { name in
            text.withCString { text in
                var error = sd_bus_error(name: name, message: text, _need_free: 0)
                return sd_bus_message_new_method_error(call, &reply, &error)
            }
        }
    }

    /// The bus refused a match rule; logged, because the signals it asked for will never come.
    fileprivate func matchFailed(_ rule: String, _ error: BusError) {
        logger.warning("the \(name) refused to subscribe to \(rule): \(error)")
    }

    // MARK: - Driving sd-bus

    fileprivate func scheduleDrive() {
        guard !driveScheduled, state != .closed else { return }
        driveScheduled = true
        DaemonActor.later { [self] in
            driveScheduled = false
            drive()
        }
    }

    /// Lets sd-bus do everything it can now, then waits for what it asks for next.
    private func drive() {
        guard let bus, state != .closed else { return }
        // A flood of messages must not hold the loop: after a batch, other work gets its turn.
        for _ in 0..<64 {
            let result = sd_bus_process(bus, nil)
            if result < 0 {
                shutDown(reporting: Self.failure(.disconnected, "the \(name) connection ended", result))
                return
            }
            if result == 0 { break }
        }
        guard sd_bus_is_open(bus) > 0 else {
            shutDown(reporting: BusError(.disconnected, "the \(name) went away"))
            return
        }
        if state == .connecting && sd_bus_is_ready(bus) > 0 {
            state = .ready
            DaemonActor.later { [self] in if state != .closed { onReady?() } }
        }
        waitForNextEvent(bus)
    }

    /// Watches for writing while sd-bus has output queued, and arms the timeout it asks for.
    private func waitForNextEvent(_ bus: OpaquePointer) {
        let events = sd_bus_get_events(bus)
        // A writable socket is almost always writable: watching for it without output queued would spin.
        let writing = events >= 0 && events & Int32(POLLOUT) != 0
        let interest: IOEvents = writing ? [.readable, .writable] : .readable
        do {
            // sd-bus owns the descriptor; should it ever use another one, watch that instead.
            let descriptor = sd_bus_get_fd(bus)
            if let current = watch, current.descriptor.rawValue != descriptor {
                current.cancel()
                watch = try IOWatch(FileDescriptor(rawValue: descriptor), for: interest) { [weak self] _ in
                    self?.drive()
                }
            }
            try watch?.watch(for: interest)
        } catch {
            shutDown(reporting: BusError(.disconnected, "cannot watch the \(name) connection: \(error)"))
            return
        }
        var deadline: UInt64 = 0
        if sd_bus_get_timeout(bus, &deadline) > 0 && deadline != UInt64.max {
            // An absolute CLOCK_MONOTONIC time in microseconds, the loop timers' clock.
            timeout.schedule(atMonotonicNanoseconds: Int64(clamping: deadline) &* 1000)
        } else {
            timeout.cancel()
        }
    }

    /// Stops watching, then (on the loop's next turn, outside any sd-bus callback) closes and frees the bus.
    private func shutDown(reporting error: BusError?) {
        guard state != .closed else { return }
        state = .closed
        watch?.cancel()
        watch = nil
        timeout.cancel()
        if let bus {
            // sd-bus owns the descriptor; it closes it here, once the loop no longer watches it.
            let handle = BusHandle(bus)
            DaemonActor.later { handle.closeAndRelease() }
        }
        bus = nil
        if let error {
            DaemonActor.later { [self] in onClosed?(error) }
        }
    }

    // MARK: - Helpers

    /// Gives a slot to the bus: it lives until its call is answered or the bus is freed, and releases its box
    /// then.
    private static func hand(_ slot: OpaquePointer) {
        sd_bus_slot_set_destroy_callback(slot, releaseCallback)
        sd_bus_slot_set_floating(slot, 1)
        sd_bus_slot_unref(slot)
    }

    private static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(seconds, 0)) * 1_000_000 + UInt64(max(attoseconds, 0) / 1_000_000_000_000)
    }

    private static func failure(_ code: BusError.Code, _ what: String, _ result: Int32) -> BusError {
        BusError(code, "\(what): \(errnoText(result))")
    }

    private static func errnoText(_ result: Int32) -> String {
        String(cString: strerror(-result))
    }
}

/// A method call to an object Pace serves (``BusConnection/export(path:handler:)``), to answer exactly once.
///
/// A call never answered is answered `org.freedesktop.DBus.Error.Failed` when this goes away, so a caller never
/// waits for its timeout because of a bug here.
@DaemonActor
final class BusIncomingCall {
    /// The `sd_bus_message *` of the call, referenced until it is answered.
    private var message: OpaquePointer?
    private weak var connection: BusConnection?

    fileprivate init(_ message: OpaquePointer, on connection: BusConnection) {
        self.message = sd_bus_message_ref(message)
        self.connection = connection
    }

    isolated deinit {
        if message != nil { fail(BusError(.remote, name: "org.freedesktop.DBus.Error.Failed", "not answered")) }
    }

    /// Answers with the return values `values`.
    func reply(_ values: [BusValue] = []) {
        finish(.success(values))
    }

    /// Answers with a D-Bus error: its ``BusError/name`` (`org.freedesktop.DBus.Error.Failed` when it has none)
    /// and message.
    func fail(_ error: BusError) {
        finish(.failure(error))
    }

    private func finish(_ outcome: Result<[BusValue], BusError>) {
        guard let message else { return }
        self.message = nil
        connection?.answer(message, with: outcome)
        sd_bus_message_unref(message)
    }
}

/// An `sd_bus *` to close once the loop no longer watches its descriptor.
private struct BusHandle {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    /// Closes the socket and drops Pace's reference; pending calls' slots are destroyed, which fails them.
    func closeAndRelease() {
        sd_bus_close(pointer)
        sd_bus_unref(pointer)
    }
}

/// What a C callback needs to reach Swift: the handler, and whether it ran.
@DaemonActor
private final class CallbackBox {
    weak var owner: BusConnection?
    let reply: ((Result<BusMessage, BusError>) -> Void)?
    let signal: ((BusMessage) -> Void)?
    let call: ((BusMessage, BusIncomingCall) -> Void)?
    let rule: String
    var answered = false

    init(owner: BusConnection, reply: @escaping (Result<BusMessage, BusError>) -> Void) {
        self.owner = owner
        self.reply = reply
        self.signal = nil
        self.call = nil
        self.rule = ""
    }

    init(owner: BusConnection, call: @escaping (BusMessage, BusIncomingCall) -> Void) {
        self.owner = owner
        self.reply = nil
        self.signal = nil
        self.call = call
        self.rule = ""
    }

    init(owner: BusConnection, signal: @escaping (BusMessage) -> Void, rule: String) {
        self.owner = owner
        self.reply = nil
        self.signal = signal
        self.call = nil
        self.rule = rule
    }

    /// A method call to an exported object arrived (inside `sd_bus_process`): keep the message to answer, and hop.
    func receiveCall(_ message: BusMessage, _ pointer: OpaquePointer) {
        guard let owner, let call else { return }
        let incoming = BusIncomingCall(pointer, on: owner)
        DaemonActor.later {
            guard !owner.isClosed else { return }
            call(message, incoming)
        }
    }

    /// A reply or a signal arrived (inside `sd_bus_process`): copy it out and hop.
    func receive(_ message: BusMessage, error: BusError?) {
        if let reply {
            answered = true
            let result: Result<BusMessage, BusError> = error.map { .failure($0) } ?? .success(message)
            DaemonActor.later { reply(result) }
        } else {
            DaemonActor.later { [self] in
                guard let owner, !owner.isClosed else { return }
                signal?(message)
            }
        }
    }

    /// The bus answered `AddMatch`.
    func matchInstalled(error: BusError?) {
        guard let error else { return }
        let rule = self.rule
        DaemonActor.later { [self] in owner?.matchFailed(rule, error) }
    }

    /// The slot is gone (answered, or the bus was freed): a call that never got its answer fails now.
    func destroyed() {
        guard let reply, !answered else { return }
        answered = true
        DaemonActor.later { reply(.failure(BusError(.disconnected, "the bus connection ended before the reply"))) }
    }
}

// sd-bus calls these only inside `sd_bus_process`, `sd_bus_close` or `sd_bus_unref`, which only the loop calls.

private let messageCallback: sd_bus_message_handler_t = { message, userdata, _ in
    guard let message, let userdata else { return 0 }
    let decoded = MessageReader.message(message)
    let error = MessageReader.error(message)
    let box = Unmanaged<CallbackBox>.fromOpaque(userdata)
    DaemonActor.assumeIsolated { box.takeUnretainedValue().receive(decoded, error: error) }
    // 0: other matches for the same signal still see it.
    return 0
}

private let methodCallCallback: sd_bus_message_handler_t = { message, userdata, _ in
    guard let message, let userdata, sd_bus_message_is_method_call(message, nil, nil) > 0 else { return 0 }
    let decoded = MessageReader.message(message)
    let box = Unmanaged<CallbackBox>.fromOpaque(userdata)
    // The message stays on the loop's thread: this callback runs inside `sd_bus_process`, which only the loop calls.
    nonisolated(unsafe) let call = message
    DaemonActor.assumeIsolated { box.takeUnretainedValue().receiveCall(decoded, call) }
    // 1: answered here (later), so sd-bus does not answer "unknown method".
    return 1
}

private let matchInstalledCallback: sd_bus_message_handler_t = { message, userdata, _ in
    guard let message, let userdata else { return 0 }
    let error = MessageReader.error(message)
    let box = Unmanaged<CallbackBox>.fromOpaque(userdata)
    DaemonActor.assumeIsolated { box.takeUnretainedValue().matchInstalled(error: error) }
    return 0
}

private let releaseCallback: sd_bus_destroy_t = { userdata in
    guard let userdata else { return }
    let box = Unmanaged<CallbackBox>.fromOpaque(userdata)
    DaemonActor.assumeIsolated { box.takeRetainedValue().destroyed() }
}

/// `sd_bus_message_append_basic` and containers, one value at a time.
private enum MessageWriter {
    static func append(_ value: BusValue, to message: OpaquePointer) -> Int32 {
        switch value {
        case .byte(var byte): return sd_bus_message_append_basic(message, type("y"), &byte)
        case .bool(let bool):
            // D-Bus booleans are 32 bits wide.
            var word: Int32 = bool ? 1 : 0
            return sd_bus_message_append_basic(message, type("b"), &word)
        case .int16(var number): return sd_bus_message_append_basic(message, type("n"), &number)
        case .uint16(var number): return sd_bus_message_append_basic(message, type("q"), &number)
        case .int32(var number): return sd_bus_message_append_basic(message, type("i"), &number)
        case .uint32(var number): return sd_bus_message_append_basic(message, type("u"), &number)
        case .int64(var number): return sd_bus_message_append_basic(message, type("x"), &number)
        case .uint64(var number): return sd_bus_message_append_basic(message, type("t"), &number)
        case .double(var number): return sd_bus_message_append_basic(message, type("d"), &number)
        // For strings sd-bus takes the characters themselves, not a pointer to a pointer.
        case .string(let text): return text.withCString { sd_bus_message_append_basic(message, type("s"), $0) }
        case .objectPath(let text): return text.withCString { sd_bus_message_append_basic(message, type("o"), $0) }
        case .signature(let text): return text.withCString { sd_bus_message_append_basic(message, type("g"), $0) }
        case .array(let element, let elements):
            return container(message, "a", element) { elements.map { value in { append(value, to: message) } } }
        case .dictionaryEntry(let key, let entryValue):
            return container(message, "e", key.signature + entryValue.signature) {
                [{ append(key, to: message) }, { append(entryValue, to: message) }]
            }
        case .variant(let inner):
            return container(message, "v", inner.signature) { [{ append(inner, to: message) }] }
        case .structure(let fields):
            return container(message, "r", fields.map(\.signature).joined()) {
                fields.map { value in { append(value, to: message) } }
            }
        case .byteArray(let bytes):
            return bytes.withUnsafeBytes { sd_bus_message_append_array(message, type("y"), $0.baseAddress, $0.count) }
        case .unixFileDescriptor, .unsupported: return -EINVAL
        }
    }

    private static func container(
        _ message: OpaquePointer, _ kind: Unicode.Scalar, _ contents: String, _ parts: () -> [() -> Int32]
    ) -> Int32 {
        var result = sd_bus_message_open_container(message, type(kind), contents)
        guard result >= 0 else { return result }
        for part in parts() {
            result = part()
            guard result >= 0 else { return result }
        }
        return sd_bus_message_close_container(message)
    }
}

/// Copies a received message into Swift values with `sd_bus_message_peek_type`, `read_basic` and containers.
private enum MessageReader {
    static func message(_ message: OpaquePointer) -> BusMessage {
        // Several matches may see the same message; each reads it from the start.
        sd_bus_message_rewind(message, 1)
        let body = values(message)
        return BusMessage(
            sender: string(sd_bus_message_get_sender(message)),
            path: string(sd_bus_message_get_path(message)),
            interface: string(sd_bus_message_get_interface(message)),
            member: string(sd_bus_message_get_member(message)),
            body: body)
    }

    /// The error a reply carries, if it is one.
    static func error(_ message: OpaquePointer) -> BusError? {
        guard sd_bus_message_is_method_error(message, nil) > 0 else { return nil }
        let error = sd_bus_message_get_error(message)
        let name = string(error?.pointee.name) ?? "org.freedesktop.DBus.Error.Failed"
        let text = string(error?.pointee.message) ?? name
        if name == "org.freedesktop.DBus.Error.NoReply" {
            // sd-bus makes up this error both for a timeout and for a connection that ended.
            let open = sd_bus_is_open(sd_bus_message_get_bus(message)) > 0
            return BusError(open ? .noReply : .disconnected, name: name, text)
        }
        return BusError(.remote, name: name, text)
    }

    /// Every value up to the end of the current container.
    private static func values(_ message: OpaquePointer) -> [BusValue] {
        var values: [BusValue] = []
        while true {
            var kind: CChar = 0
            var contents: UnsafePointer<CChar>?
            guard sd_bus_message_peek_type(message, &kind, &contents) > 0 else { break }
            guard let value = value(message, kind: kind, contents: contents.map { String(cString: $0) } ?? "")
            else { break }
            values.append(value)
        }
        return values
    }

    private static func value(_ message: OpaquePointer, kind: CChar, contents: String) -> BusValue? {
        switch Unicode.Scalar(UInt8(bitPattern: kind)) {
        case "a" where contents == "y":
            // A byte array (a Bluetooth characteristic's value, an icon) in one call, not a value per byte. sd-bus
            // refuses that call for a message in the other byte order (-EOPNOTSUPP): it is then read value by value.
            var pointer: UnsafeRawPointer?
            var size = 0
            if sd_bus_message_read_array(message, type("y"), &pointer, &size) > 0 {
                guard let pointer, size > 0 else { return .byteArray([]) }
                return .byteArray(Array(UnsafeRawBufferPointer(start: pointer, count: size)))
            }
            fallthrough
        case "a":
            guard sd_bus_message_enter_container(message, kind, contents) > 0 else { return nil }
            let elements = values(message)
            sd_bus_message_exit_container(message)
            return .array(elementSignature: contents, elements)
        case "e":
            guard sd_bus_message_enter_container(message, kind, contents) > 0 else { return nil }
            let parts = values(message)
            sd_bus_message_exit_container(message)
            guard parts.count == 2 else { return nil }
            return .dictionaryEntry(parts[0], parts[1])
        case "v":
            guard sd_bus_message_enter_container(message, kind, contents) > 0 else { return nil }
            let inner = values(message)
            sd_bus_message_exit_container(message)
            return inner.first.map { .variant($0) }
        case "r":
            guard sd_bus_message_enter_container(message, kind, contents) > 0 else { return nil }
            let fields = values(message)
            sd_bus_message_exit_container(message)
            return .structure(fields)
        case "y": return basic(message, kind, UInt8(0)).map { .byte($0) }
        case "b": return basic(message, kind, Int32(0)).map { .bool($0 != 0) }
        case "n": return basic(message, kind, Int16(0)).map { .int16($0) }
        case "q": return basic(message, kind, UInt16(0)).map { .uint16($0) }
        case "i": return basic(message, kind, Int32(0)).map { .int32($0) }
        case "u": return basic(message, kind, UInt32(0)).map { .uint32($0) }
        case "x": return basic(message, kind, Int64(0)).map { .int64($0) }
        case "t": return basic(message, kind, UInt64(0)).map { .uint64($0) }
        case "d": return basic(message, kind, Double(0)).map { .double($0) }
        case "h":
            // The message owns its descriptor and closes it with itself: a copy is kept, close-on-exec.
            guard let descriptor = basic(message, kind, Int32(-1)) else { return nil }
            let copy = fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
            return copy >= 0 ? .unixFileDescriptor(ReceivedFileDescriptor(copy)) : .unsupported("h")
        case "s": return text(message, kind).map { .string($0) }
        case "o": return text(message, kind).map { .objectPath($0) }
        case "g": return text(message, kind).map { .signature($0) }
        default:
            let signature = String(Unicode.Scalar(UInt8(bitPattern: kind)))
            guard sd_bus_message_skip(message, signature) >= 0 else { return nil }
            return .unsupported(signature)
        }
    }

    private static func basic<Number: BitwiseCopyable>(_ message: OpaquePointer, _ kind: CChar, _ initial: Number)
        -> Number?
    {
        var number = initial
        return sd_bus_message_read_basic(message, kind, &number) > 0 ? number : nil
    }

    private static func text(_ message: OpaquePointer, _ kind: CChar) -> String? {
        var pointer: UnsafePointer<CChar>?
        guard sd_bus_message_read_basic(message, kind, &pointer) > 0, let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

/// The C `char` for a D-Bus type code.
private func type(_ code: Unicode.Scalar) -> CChar {
    CChar(truncatingIfNeeded: code.value)
}
