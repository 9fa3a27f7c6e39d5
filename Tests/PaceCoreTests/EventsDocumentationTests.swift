import Foundation
import PaceTestSupport
import Testing

@testable import PaceCore

/// docs/events.md lists every event type and its fields; that list is made from the Swift definitions (the keys
/// each type's `Codable` conformance reads, the meaning from each case's doc comment), so it cannot drift from them.
///
/// When the definitions change, `make docs` (or `PACE_WRITE_DOCS=1 swift test --filter EventsDocumentationTests`)
/// rewrites the section between its markers; otherwise this test fails and shows the difference.
@Suite struct EventsDocumentationTests {
    static let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let begin =
        "<!-- events:begin (generated from Sources/PaceCore/Events by `make docs`; edit those, not this) -->"
    static let end = "<!-- events:end -->"

    /// Each case's doc comment, after its `` `name`: ``, from `Event.swift`.
    static func meanings() throws -> [String: String] {
        let source = try String(
            contentsOf: root.appending(path: "Sources/PaceCore/Events/Event.swift"), encoding: .utf8)
        var meanings: [String: String] = [:]
        var documentation: [String] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            var text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("indirect ") { text.removeFirst("indirect ".count) }
            if text.hasPrefix("///") {
                documentation.append(String(text.dropFirst(3)).trimmingCharacters(in: .whitespaces))
                continue
            }
            if text.hasPrefix("case "), !documentation.isEmpty,
                let name = text.dropFirst(5).split(whereSeparator: { !$0.isLetter }).first
            {
                var meaning = documentation.joined(separator: " ")
                if meaning.hasPrefix("`\(name)`: ") { meaning.removeFirst(name.count + 4) }
                if meaning.hasSuffix(".") { meaning.removeLast() }
                meanings[String(name)] = meaning
            }
            documentation = []
        }
        return meanings
    }

    /// Each field with its kind of value and, when it has one, its range (`Event.Field.allowed`, `EventRanges`).
    static func describe(_ fields: [SchemaRecorder.Field]) -> String {
        func range(_ name: String) -> String { Event.Field(rawValue: name).map { ", \($0.allowed)" } ?? "" }
        return fields.isEmpty
            ? "—"
            : fields.map { "`\($0.name)`\($0.optional ? "?" : "") (\($0.value)\(range($0.name)))" }
                .joined(separator: ", ")
    }

    /// The section as the definitions make it.
    static func section() throws -> String {
        let meanings = try meanings()
        let header = try SchemaRecorder.fields(of: "flareEnded")
        var lines = [
            begin,
            "Every event has `type`, its kind, and the fields of its header: \(describe(header)).",
            "",
            "| `type` | fields besides those (`?`: left out when absent) | meaning |",
            "|---|---|---|",
        ]
        for type in Event.Payload.Kind.allCases.map(\.rawValue) {
            let fields = try SchemaRecorder.fields(of: type).filter { !header.contains($0) }
            lines.append("| `\(type)` | \(describe(fields)) | \(meanings[type] ?? "") |")
        }
        lines.append(end)
        return lines.joined(separator: "\n")
    }

    @Test func theEventTableIsTheOneTheDefinitionsMake() throws {
        let path = Self.root.appending(path: "docs/events.md")
        let document = try String(contentsOf: path, encoding: .utf8)
        let start = try #require(document.range(of: Self.begin), "docs/events.md lacks \(Self.begin)")
        let finish = try #require(document.range(of: Self.end), "docs/events.md lacks \(Self.end)")
        let written = String(document[start.lowerBound..<finish.upperBound])
        let generated = try Self.section()
        if ProcessInfo.processInfo.environment["PACE_WRITE_DOCS"] == "1" {
            try document.replacingCharacters(in: start.lowerBound..<finish.upperBound, with: generated)
                .write(to: path, atomically: true, encoding: .utf8)
            return
        }
        let difference = zip(written.split(separator: "\n"), generated.split(separator: "\n"))
            .filter { $0 != $1 }.map { "- \($0)\n+ \($1)" }
        #expect(
            written == generated,
            "docs/events.md differs from the definitions; run `make docs`:\n\(difference.joined(separator: "\n"))")
    }

    @Test func everyTypeHasAMeaningAndEveryFieldAKnownKind() throws {
        let meanings = try Self.meanings()
        for type in Event.Payload.Kind.allCases.map(\.rawValue) {
            #expect(!(meanings[type] ?? "").isEmpty, "\(type) has no doc comment")
            for field in try SchemaRecorder.fields(of: type) {
                #expect(!field.value.contains("."), "\(type).\(field.name) is a \(field.value)")
            }
        }
        #expect(try SchemaRecorder.fields(of: "reminderShown").contains { $0.name == "covers" && $0.optional })
    }

    /// The validator's fields are the log's keys, and every key that holds a number, a time or text has a range.
    @Test func everyFieldOfNumberTimeOrTextHasARange() throws {
        let fields = try Event.Payload.Kind.allCases.flatMap { try SchemaRecorder.fields(of: $0.rawValue) }
        let names = Set(fields.map(\.name))
        for field in Event.Field.allCases {
            #expect(names.contains(field.rawValue), "Event.Field.\(field) is no key of any event")
        }
        for field in fields
        where ["integer", "number", "ms", "text", "reminder id", "reminder ids"].contains(field.value) {
            #expect(Event.Field(rawValue: field.name) != nil, "\(field.name) (\(field.value)) has no range")
        }
    }
}
