import PaceCore
import PaceProtocol

/// The methods that list events by id and correct them (`pace events`, `pace delete`, `pace edit`, `pace undo`).
/// The lookups and checks are the store's (`EventStore+Corrections.swift`); here only the wire's shapes.
extension Endpoint {
    func registerCorrections() {
        register(PaceAPI.ListEvents.self) { [unowned self] parameters throws(VarlinkError) in
            let day = try parameters.day.map { text throws(VarlinkError) in
                guard let date = CivilDate(iso8601: text) else { throw .invalidParameter("day") }
                return date
            }
            return .init(events: store.events(on: day).map(line))
        }
        register(PaceAPI.RetractEvent.self) { [unowned self] parameters throws(VarlinkError) in
            let target: Event
            do throws(EventStore.Refusal) { target = try store.retract(parameters.id) } catch {
                throw VarlinkError(error)
            }
            return .init(event: line(target), status: status.wire())
        }
        register(PaceAPI.AmendEvent.self) { [unowned self] parameters throws(VarlinkError) in
            let start = try parameters.start.map { text throws(VarlinkError) in try Self.instant(text, "start") }
            let seconds = try parameters.durationMinutes.map { minutes throws(VarlinkError) in
                guard (1...1440).contains(minutes) else {
                    throw VarlinkError(
                        PaceAPI.InvalidValue(
                            parameter: "durationMinutes", message: "An activity lasts from 1 minute to 24 hours."))
                }
                return minutes * 60
            }
            let bout: Event
            do throws(EventStore.Refusal) {
                bout = try store.amend(
                    parameters.id, activity: parameters.activity, intensity: Wire.intensity(parameters.intensity),
                    start: start, durationSeconds: seconds, confirmed: parameters.confirmed ?? false)
            } catch {
                throw VarlinkError(error)
            }
            return .init(event: line(bout), status: status.wire())
        }
        register(PaceAPI.Undo.self) { [unowned self] _ throws(VarlinkError) in
            let events: [Event]
            do throws(EventStore.Refusal) { events = try store.undo() } catch { throw VarlinkError(error) }
            return .init(retracted: events.map(line), status: status.wire())
        }
    }

    /// An event as `pace events` lists it.
    private func line(_ event: Event) -> PaceAPI.EventLine {
        let id = event.header.id ?? .zero
        let span = event.boutSpan
        return PaceAPI.EventLine(
            id: id.description, short: id.short, type: event.payload.type, at: event.at.rfc3339,
            start: span?.start.rfc3339, durationSeconds: span?.durationSeconds,
            text: event.summary(settings: store.settings) { [store] id in store.recentEvent(id) })
    }
}
