import FoundationEssentials
import PaceProtocol
import Testing

@Suite struct InterfaceDescriptionTests {
    private static let interfacesDirectory = URL(filePath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Sources/PaceProtocol/Interfaces")

    @Test(arguments: zip(InterfaceDescription.served, ["VarlinkService", "PaceAPI"]))
    func servedTextIsExactlyTheVarlinkFile(interface: InterfaceDescription, namespace: String) throws {
        let file = Self.interfacesDirectory.appending(path: "\(namespace)/\(interface.name).varlink")
        let text = try #require(FileManager.default.contents(atPath: file.path()))
        #expect(interface.text == String(decoding: text, as: UTF8.self))
        #expect(interface.text.contains("interface \(interface.name)\n"))
    }

    @Test func servesTheStandardServiceInterfaceFirst() {
        #expect(InterfaceDescription.served.map(\.name) == ["org.varlink.service", "io.pace.Daemon"])
        #expect(InterfaceDescription.served(named: "io.pace.Daemon")?.name == "io.pace.Daemon")
        #expect(InterfaceDescription.served(named: "io.pace") == nil)
    }

    @Test func declaresTheMethodsAndErrorsOfItsText() throws {
        let pace = try #require(InterfaceDescription.served(named: "io.pace.Daemon"))
        #expect(pace.methodNames.first == PaceAPI.GetStatus.name)
        #expect(pace.methodNames.count == 28)
        #expect(pace.errorNames.contains(PaceAPI.InvalidValue.name))
        let service = try #require(InterfaceDescription.served(named: "org.varlink.service"))
        #expect(service.methodNames == [VarlinkService.GetInfo.name, VarlinkService.GetInterfaceDescription.name])
        #expect(service.errorNames.contains(VarlinkService.ExpectedMore.name))
        for interface in InterfaceDescription.served {
            for name in interface.methodNames + interface.errorNames {
                let member = name.dropFirst(interface.name.count + 1)
                #expect(
                    interface.text.contains("\nmethod \(member)(") || interface.text.contains("\nerror \(member) ("),
                    "\(name)")
            }
        }
    }
}
