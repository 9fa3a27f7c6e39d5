import FoundationEssentials
import Testing

@testable import PaceDaemon

/// An object Pace serves introspects as one `<node>` holding its own interface and the two Pace answers for it.
@Suite struct BusIntrospectionTests {
    @Test func theDocumentHoldsTheObjectsInterfaceAndTheStandardOnes() {
        let own = """
              <interface name="org.example.Thing">
                <method name="Poke"/>
              </interface>
            """
        let document = BusIntrospection.document(own)
        #expect(document.hasPrefix("<!DOCTYPE node PUBLIC"))
        #expect(document.hasSuffix("</node>"))
        let names = document.split(separator: "\n").compactMap { line -> String? in
            guard let start = line.firstRange(of: "<interface name=\"") else { return nil }
            return String(line.suffix(from: start.upperBound).prefix { $0 != "\"" })
        }
        #expect(
            names == ["org.example.Thing", "org.freedesktop.DBus.Properties", "org.freedesktop.DBus.Introspectable"])
        #expect(
            document.components(separatedBy: "<interface ").count
                == document.components(separatedBy: "</interface>").count)
    }
}
