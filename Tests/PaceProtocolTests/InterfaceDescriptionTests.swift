import FoundationEssentials
import PaceProtocol
import Testing

@Suite struct InterfaceDescriptionTests {
    private static let interfacesDirectory = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Sources/PaceProtocol/Interfaces")

    @Test(arguments: InterfaceDescription.served)
    func servedTextIsExactlyTheVarlinkFile(interface: InterfaceDescription) throws {
        let file = Self.interfacesDirectory.appending(path: "\(interface.name).varlink")
        let text = try #require(FileManager.default.contents(atPath: file.path()))
        #expect(interface.text == String(decoding: text, as: UTF8.self))
        #expect(interface.text.contains("interface \(interface.name)\n"))
    }

    @Test func servesTheStandardServiceInterfaceFirst() {
        #expect(InterfaceDescription.served.map(\.name) == ["org.varlink.service", "io.pace.Daemon"])
        #expect(InterfaceDescription.served(named: "io.pace.Daemon")?.name == "io.pace.Daemon")
        #expect(InterfaceDescription.served(named: "io.pace") == nil)
    }
}

@Suite struct PaceAPIConformanceTests {
    @Test func everyDeclaredMethodHasASwiftType() throws {
        let interface = try #require(InterfaceDescription.served(named: "io.pace.Daemon"))
        #expect(Set(interface.methodNames) == Set(PaceAPI.methodNames))
        #expect(interface.methodNames.count == PaceAPI.methodNames.count)
    }

    @Test func everyDeclaredErrorHasAConstructor() throws {
        let interface = try #require(InterfaceDescription.served(named: "io.pace.Daemon"))
        #expect(Set(interface.errorNames) == Set(VarlinkError.paceErrorNames))
    }

    @Test func theServiceInterfaceDeclaresItsTwoMethods() throws {
        let service = try #require(InterfaceDescription.served(named: "org.varlink.service"))
        #expect(service.methodNames == [VarlinkService.GetInfo.name, VarlinkService.GetInterfaceDescription.name])
        #expect(service.errorNames.contains("org.varlink.service.ExpectedMore"))
    }
}
