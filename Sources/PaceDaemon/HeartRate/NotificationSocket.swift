import PaceCore
import PaceSystem
import SystemPackage

/// The socket BlueZ hands over for one characteristic's notifications (`GattCharacteristic1.AcquireNotify`): a
/// `SOCK_SEQPACKET` socket on which each notification arrives as one message, the characteristic's value as the
/// device sent it. Read on the daemon's loop as messages arrive, one a turn, so a reading costs a wakeup and a
/// `recv` and nothing of D-Bus.
///
/// BlueZ closes its end when the device disconnects, the adapter goes off or BlueZ stops; the socket then reports
/// ``onClosed`` once, after the messages still queued. Closing this end gives the notifications back to BlueZ.
@DaemonActor
final class NotificationSocket {
    /// The characteristic's object path.
    let characteristic: String
    private let descriptor: FileDescriptor
    private var watch: IOWatch?
    /// One message's bytes: the longest frame read and one more, so a longer one is seen to be longer.
    private let buffer: UnsafeMutableRawBufferPointer
    /// A notification arrived: its bytes (at most ``maximumFrameBytes`` and one) and its whole length (more than
    /// the bytes when it did not fit).
    private let onFrame: (UnsafeBufferPointer<UInt8>, Int) -> Void
    /// The socket ended (BlueZ closed it, or reading it failed); not called after ``close()``.
    private let onClosed: (String) -> Void

    /// Starts reading `descriptor`, which this now owns (closed by ``close()`` or when this goes).
    ///
    /// - Throws: ``SystemError`` from `epoll_ctl`; the descriptor is closed then.
    init(
        _ descriptor: FileDescriptor, characteristic: String,
        onFrame: @escaping (UnsafeBufferPointer<UInt8>, Int) -> Void, onClosed: @escaping (String) -> Void
    ) throws(SystemError) {
        self.descriptor = descriptor
        self.characteristic = characteristic
        self.onFrame = onFrame
        self.onClosed = onClosed
        buffer = .allocate(byteCount: HeartRateMeasurement.maximumFrameBytes + 1, alignment: 1)
        do {
            watch = try IOWatch(descriptor, for: .readable) { [weak self] events in self?.readable(events) }
        } catch {
            // Every property is set: the deinit runs and frees the buffer.
            try? descriptor.close()
            throw error
        }
    }

    isolated deinit {
        close()
        buffer.deallocate()
    }

    /// Whether the socket is still read (not closed, and BlueZ has not closed its end).
    var isOpen: Bool { watch != nil }

    /// Stops reading and closes the socket: BlueZ takes the notifications back.
    func close() {
        guard let watch else { return }
        watch.cancel()
        self.watch = nil
        try? descriptor.close()
    }

    /// One message a turn: the loop comes back while more are queued (the watch is level-triggered), and a reading a
    /// second costs no second `recv` that finds nothing.
    private func readable(_ events: IOEvents) {
        let length: Int?
        do {
            length = try UnixSocket.receiveMessage(descriptor, into: buffer)
        } catch {
            return ended("\(error)")
        }
        guard let length else { return }
        // Nothing read: the end once BlueZ has closed its end (an empty last message then goes with it), else an
        // empty notification, which is a bad frame like any other.
        if length == 0, events.contains(.hangUp) || UnixSocket.peerHasHungUp(descriptor) {
            return ended("closed by BlueZ")
        }
        let bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        onFrame(UnsafeBufferPointer(start: bytes, count: min(length, buffer.count)), length)
    }

    private func ended(_ why: String) {
        guard watch != nil else { return }
        close()
        onClosed(why)
    }
}
