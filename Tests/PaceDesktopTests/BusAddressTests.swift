import Testing

@testable import PaceDaemon

/// Finding the buses from the environment, and which socket file to watch for them.
@Suite struct BusAddressTests {
    @Test func sessionBusComesFromTheAddressVariableElseTheRuntimeDirectory() {
        let explicit = BusAddress.session(environment: [
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus,guid=0123", "XDG_RUNTIME_DIR": "/elsewhere",
        ])
        #expect(explicit?.address == "unix:path=/run/user/1000/bus,guid=0123")
        #expect(explicit?.socketPath == "/run/user/1000/bus")
        let runtime = BusAddress.session(environment: ["XDG_RUNTIME_DIR": "/run/user/1000"])
        #expect(runtime == BusAddress("unix:path=/run/user/1000/bus"))
        #expect(BusAddress.session(environment: [:]) == nil)
        #expect(BusAddress.session(environment: ["XDG_RUNTIME_DIR": "relative"]) == nil)
    }

    @Test func systemBusHasADefault() {
        #expect(BusAddress.system(environment: [:]).socketPath == "/run/dbus/system_bus_socket")
        #expect(BusAddress.system(environment: ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/tmp/s"]).socketPath == "/tmp/s")
    }

    @Test func onlyASingleUnixPathIsWatched() {
        #expect(BusAddress("unix:abstract=/tmp/dbus-x").socketPath == nil)
        #expect(BusAddress("tcp:host=localhost,port=1234").socketPath == nil)
        #expect(BusAddress("unix:path=/a;unix:path=/b").socketPath == nil)
        #expect(BusAddress("unix:path=relative").socketPath == nil)
    }

    @Test func pathsAreEscapedAndUnescapedTheDBusWay() {
        let runtime = BusAddress.session(environment: ["XDG_RUNTIME_DIR": "/tmp/with space,comma=x"])
        #expect(runtime?.address == "unix:path=/tmp/with%20space%2ccomma%3dx/bus")
        #expect(runtime?.socketPath == "/tmp/with space,comma=x/bus")
        #expect(BusAddress.unescape("%4") == nil)
    }

    @Test func matchRulesNameTheSender() {
        #expect(
            BusMatchRule.nameOwnerChanged("org.freedesktop.Notifications").description
                == "type='signal',sender='org.freedesktop.DBus',path='/org/freedesktop/DBus',"
                + "interface='org.freedesktop.DBus',member='NameOwnerChanged',arg0='org.freedesktop.Notifications'")
    }

    @Test func valuesKnowTheirSignatures() {
        let hints = BusValue.stringVariantDictionary([("urgency", .byte(2)), ("category", .string("x"))])
        #expect(hints.signature == "a{sv}")
        #expect(BusValue.structure([.string("c1"), .objectPath("/s")]).signature == "(so)")
        #expect(BusValue.stringArray([]).signature == "as")
        #expect(hints.dictionary == ["urgency": .byte(2), "category": .string("x")])
    }
}
