import PaceCore
import PaceProtocol
import PaceSystem
import PaceTestSupport
import Testing

@testable import PaceDaemon

/// The change feed: what follows a change made during a client's call waits until the call is answered and is
/// told once; a change from anywhere else is told at once.
@Suite(.timeLimit(.minutes(1))) @DaemonActor
struct ChangeFeedTests {
    /// The status watchers would get; nobody follows here, so it is never asked for.
    private static var status: PaceAPI.Status {
        Issue.record("the status was computed with no watcher to send it to")
        return PaceAPI.Status(
            version: "0", pid: 1, startedAt: "", now: "", pacingDay: "", dayStartHour: 4, stateDirectory: "",
            mode: .normal, provisional: false, calibrationDaysRecorded: 0, calibrationDaysNeeded: 0, base: 0,
            budget: 0, used: 0, left: 0, over: 0, referenceActivity: "", referenceLabel: "", leftMinutes: 0,
            activity: nil, rest: nil, snoozedUntil: nil, flareUntil: nil, nextReminderAt: nil)
    }

    @Test func changesDuringACallAreToldOnceAfterIt() async {
        let feed = ChangeFeed { Self.status }
        var told = 0
        feed.listeners = [{ told += 1 }]
        feed.answering {
            feed.changed()
            feed.changed()
            // Not yet: the call's reply goes first.
            #expect(told == 0)
        }
        feed.answering { feed.changed() }
        #expect(told == 0)
        await turnOfTheLoop()
        #expect(told == 1)
    }

    @Test func aCallThatChangesNothingIsNotAnnounced() async {
        let feed = ChangeFeed { Self.status }
        var told = 0
        feed.listeners = [{ told += 1 }]
        feed.answering {}
        await turnOfTheLoop()
        #expect(told == 0)
    }

    @Test func aChangeOutsideACallIsToldAtOnceAndCoversOneQueued() async {
        let feed = ChangeFeed { Self.status }
        var told = 0
        feed.listeners = [{ told += 1 }]
        feed.answering { feed.changed() }
        // A reminder's button, say: told now, and the queued announcement has nothing left to tell.
        feed.changed()
        #expect(told == 1)
        await turnOfTheLoop()
        #expect(told == 1)
    }

    /// Lets the loop run everything queued so far.
    private func turnOfTheLoop() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DaemonActor.later { done.resume() }
        }
    }
}
