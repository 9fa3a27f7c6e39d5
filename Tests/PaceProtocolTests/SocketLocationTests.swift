import PaceProtocol
import Testing

@Suite struct SocketLocationTests {
    @Test func usesTheRuntimeDirectory() {
        #expect(
            SocketLocation.defaultPath(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"], userID: 1000)
                == "/run/user/1000/pace/pace.sock")
        #expect(
            SocketLocation.defaultPath(environment: ["XDG_RUNTIME_DIR": "/run/user/1000//"], userID: 1000)
                == "/run/user/1000/pace/pace.sock")
    }

    @Test func fallsBackToAPerUserTmpDirectoryWithoutAnAbsoluteRuntimeDirectory() {
        for environment in [[:], ["XDG_RUNTIME_DIR": ""], ["XDG_RUNTIME_DIR": "relative/dir"]] {
            let location = SocketLocation.directory(environment: environment, userID: 1000)
            #expect(location.path == "/tmp/pace-1000")
            #expect(location.isFallback)
        }
    }
}
