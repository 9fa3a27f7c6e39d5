import Foundation
import PaceProtocol
import PaceTestSupport
import Testing

/// Whether the `paced` under test implements the domain behind `io.pace.Daemon` (activities, rests, check-ins,
/// history, explanations), asked once of a fresh daemon: the tests that need it switch on by themselves the day
/// the core is wired in.
enum DomainAvailable {
    static func check() -> Bool { answer }

    private static let answer: Bool = {
        guard let daemon = try? DaemonProcess() else { return false }
        defer { daemon.stop() }
        guard (try? daemon.start()) != nil, let client = try? PaceClient(socketPath: daemon.socketPath) else {
            return false
        }
        do throws(VarlinkClientError) {
            _ = try client.call(PaceAPI.StartActivity.self, .init())
            return true
        } catch {
            if case .remote(let remote) = error.code, remote.name == "org.varlink.service.MethodNotImplemented" {
                return false
            }
            // Any other answer (an error of the domain, such as an unknown kind) means the method is there.
            return true
        }
    }()
}
