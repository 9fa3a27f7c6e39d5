import FoundationEssentials
import Testing
import VarlinkIDL

/// The parser reads the Varlink interface definition grammar (varlink.org): every kind of member and type, comments
/// as documentation, and it refuses, naming the place, what is not Varlink.
@Suite struct VarlinkIDLParserTests {
    static let interfaces = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Sources/PaceProtocol/Interfaces")

    static func text(_ path: String) throws -> String {
        String(
            decoding: try #require(FileManager.default.contents(atPath: interfaces.appending(path: path).path())),
            as: UTF8.self)
    }

    @Test func readsEveryKindOfMemberAndType() throws {
        let interface = try VarlinkIDLParser.parse(
            """
            # An example.
            #  Indented on purpose.
            interface org.example.more-things

            # A plain type.
            type Thing (
              # The name.
              name: string,
              count: int,
              weight: ?float,
              tags: []string,
              attributes: [string]string,
              raw: object,
              maybeList: ?[]?Thing,
              nested: (inner: bool, deeper: (x: int)),
              choice: (one, two),
              ok: bool
            )

            type Colour (red, green, blue)

            # Detached comment: not documentation.

            method Ping() -> ()
            method Get(id: string) -> (thing: Thing, colours: [string]Colour)
            error NotFound (id: string)
            error Broken ()
            """)
        #expect(interface.name == "org.example.more-things")
        #expect(interface.documentation == ["An example.", " Indented on purpose."])
        #expect(interface.members.map(\.name) == ["Thing", "Colour", "Ping", "Get", "NotFound", "Broken"])
        let thing = try #require(interface.types.first)
        #expect(thing.documentation == ["A plain type."])
        guard case .structure(let fields) = thing.definition else {
            Issue.record("Thing is \(thing.definition)")
            return
        }
        #expect(fields[0] == VarlinkField(name: "name", type: .string, documentation: ["The name."]))
        #expect(
            fields.map(\.type) == [
                .string, .int, .optional(.float), .array(.string), .dictionary(.string), .object,
                .optional(.array(.optional(.named("Thing")))),
                .structure([
                    VarlinkField(name: "inner", type: .bool),
                    VarlinkField(name: "deeper", type: .structure([VarlinkField(name: "x", type: .int)])),
                ]),
                .enumeration([VarlinkEnumCase(name: "one"), VarlinkEnumCase(name: "two")]), .bool,
            ])
        #expect(
            interface.types[1].definition
                == .enumeration(["red", "green", "blue"].map { VarlinkEnumCase(name: $0) }))
        #expect(
            interface.methods[0] == VarlinkMethodDeclaration(name: "Ping", documentation: [], parameters: [], reply: [])
        )
        #expect(interface.methods[1].reply.map(\.type) == [.named("Thing"), .dictionary(.named("Colour"))])
        #expect(interface.errors.map(\.fields.count) == [1, 0])
    }

    @Test func readsPacesInterfacesWithTheirDocumentation() throws {
        let text = try Self.text("PaceAPI/io.pace.Daemon.varlink")
        let pace = try VarlinkIDLParser.parse(text)
        #expect(pace.name == "io.pace.Daemon")
        // Every declaration the text starts a line with, counted apart from the parser.
        let lines = text.split(separator: "\n")
        #expect(pace.methods.count == lines.filter { $0.hasPrefix("method ") }.count)
        #expect(pace.errors.count == lines.filter { $0.hasPrefix("error ") }.count)
        #expect(pace.methods.count >= 25 && pace.errors.count >= 20)
        #expect(pace.types.map(\.name).contains("Status"))
        let status = try #require(pace.types.first { $0.name == "Status" })
        guard case .structure(let fields) = status.definition else { return }
        #expect(fields.first == VarlinkField(name: "version", type: .string, documentation: ["The daemon's version."]))
        #expect(fields.first { $0.name == "activity" }?.type == .optional(.named("Activity")))
        let errors = pace.errors.map(\.name)
        #expect(errors.first == "ActivityAlreadyRunning")
        // The comment before the first error is separated from it by a blank line: it documents no one error.
        #expect(pace.errors[0].documentation == ["Starting an activity needs the running one to be stopped first."])
        let service = try VarlinkIDLParser.parse(try Self.text("VarlinkService/org.varlink.service.varlink"))
        #expect(service.methods.map(\.name) == ["GetInfo", "GetInterfaceDescription"])
        #expect(service.methods[0].reply.map(\.name) == ["vendor", "product", "version", "url", "interfaces"])
    }

    @Test(arguments: [
        ("", 1, "expected interface"),
        ("interface nodots", 1, "reverse-domain"),
        ("interface a.b\nmethod lower() -> ()", 2, "capital letter"),
        ("interface a.b\nthing X ()", 2, "expected type, method or error"),
        ("interface a.b\ntype X (a: ??int)", 2, "optional once"),
        ("interface a.b\ntype X (a: int b: int)", 2, "expected )"),
        ("interface a.b\ntype X (a: integer)", 2, "expected a type"),
        ("interface a.b\nmethod X(a, b) -> ()", 2, "expected a struct"),
        ("interface a.b\nmethod X() ()", 2, "expected ->"),
        ("interface a.b\ntype X (a: int, a: string)", 0, "the field a twice"),
        ("interface a.b\ntype X (a: Y)", 0, "Y, which is not declared"),
        ("interface a.b\ntype X (a: int)\nerror X ()", 0, "X is declared twice"),
        ("interface a.b\ntype X (a, a)", 0, "lists a twice"),
        ("interface a.b\ntype X (a_: int)", 2, "single underscores"),
    ])
    func refusesWhatIsNotVarlinkNamingThePlace(text: String, line: Int, message: String) {
        #expect {
            try VarlinkIDLParser.parse(text)
        } throws: { error in
            guard let error = error as? VarlinkIDLError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }
}
