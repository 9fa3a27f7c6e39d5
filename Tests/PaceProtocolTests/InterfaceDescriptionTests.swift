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
