package import PaceSystem

/// One of the desktop's signals (away changed, a hold changed, the machine woke up…): every part that follows it
/// listens, and each send calls every listener in the order they were added.
///
/// Several parts of the daemon follow the same signal (the reminders, the away question, desk time, presence),
/// so a signal is a list, not one closure each part would have to save and call on.
@DaemonActor
package final class DesktopSignal<Value> {
    private var listeners: [(Value) -> Void] = []

    init() {}

    /// Adds `listener`; it hears every later send, after the listeners added before it.
    package func listen(_ listener: @escaping (Value) -> Void) {
        listeners.append(listener)
    }

    func send(_ value: Value) {
        for listener in listeners { listener(value) }
    }
}

extension DesktopSignal where Value == Void {
    /// Adds `listener`; it hears every later send, after the listeners added before it.
    package func listen(_ listener: @escaping () -> Void) {
        listen { (_: Void) in listener() }
    }

    func send() { send(()) }
}
