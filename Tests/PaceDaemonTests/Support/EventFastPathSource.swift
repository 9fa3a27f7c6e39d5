import Foundation
import PaceCore
import PaceTestSupport

/// Writes `Sources/PaceDaemon/Store/EventCodec+FastPath.swift`, the reading and writing of events without
/// `Decoder` and `Encoder`, from the events' `Codable` definitions: the keys each type reads (``SchemaRecorder``),
/// the Swift type and presence of each field (the stored properties, by reflection). So the definitions stay the one
/// place an event's fields are written, and the fast path follows them (`make schema` rewrites it).
///
/// What it must know besides is how each Swift type a field has is written in JSON: the table in
/// ``EventFastPathSource/Leaf``; a field of any other type stops it, with a message saying so.
enum EventFastPathSource {
    struct Unsupported: Error, CustomStringConvertible {
        var description: String
    }

    /// How a field is present.
    enum Presence {
        case required
        /// `Optional`: left out when `nil`.
        case optional
        /// `@OmittedWhenEmpty`: left out when empty.
        case omittedWhenEmpty
    }

    /// One field of an event type.
    struct Field {
        var name: String
        var presence: Presence
        var leaf: Leaf
        /// The expression of its value when writing, e.g. `fields.activity`.
        var value: String
    }

    /// A type a field can have, with how it is read and written.
    struct Leaf {
        /// The `JSONObjectFields` reading, e.g. `string` (`optionalString` for an optional member).
        var reading: String
        /// The function making the field's value of what was read (of each element, for ``elements``), e.g.
        /// `ReminderID.init`; `nil` when it is what was read.
        var transform: String?
        /// Whether the value is an array, read as an array of strings.
        var elements = false
        /// The statements writing `$value` to `output`.
        var writing: String
        /// For an enum: its name in the generated tables, and the names of its cases.
        var enumeration: (table: String, type: String, names: [String])?

        /// The leaf of `type`.
        static func of(_ type: Any.Type) throws(Unsupported) -> Leaf {
            switch type {
            case is String.Type: return Leaf(reading: "string", writing: "output.string($value)")
            case is Int.Type: return Leaf(reading: "int", writing: "output.integer($value)")
            case is Double.Type: return Leaf(reading: "double", writing: "output.double($value)")
            case is Bool.Type: return Leaf(reading: "bool", writing: "output.bool($value)")
            case is Instant.Type:
                return Leaf(
                    reading: "int64", transform: "Instant.init(millisecondsSinceEpoch:)",
                    writing: "output.integer($value.millisecondsSinceEpoch)")
            case is ReminderID.Type:
                return Leaf(reading: "string", transform: "ReminderID.init", writing: "output.string($value.rawValue)")
            case is EventID.Type:
                return Leaf(reading: "string", transform: "EventID.init", writing: "output.string($value.description)")
            case is DeviceID.Type:
                return Leaf(reading: "string", transform: "DeviceID.init", writing: "output.string($value.description)")
            case is [ReminderID].Type:
                return Leaf(
                    reading: "strings", transform: "ReminderID.init", elements: true,
                    writing: "output.beginArray()\nfor id in $value { output.string(id.rawValue) }\noutput.endArray()")
            case let cases as any (CaseIterable & RawRepresentable).Type where cases.rawValueIsString:
                // Compared with each name byte by byte, no string made: an index into the cases.
                let swiftName = name(of: type)
                let last = swiftName.split(separator: ".").last.map(String.init) ?? swiftName
                let table = last.prefix(1).lowercased() + last.dropFirst()
                return Leaf(
                    reading: "choice", transform: table,
                    writing: "output.string($value.rawValue)", enumeration: (table, swiftName, cases.names))
            default:
                throw Unsupported(description: "a field of type \(type): teach EventFastPathSource.Leaf to read it")
            }
        }

        /// The function making the value of what was read.
        var function: String? {
            guard let transform else { return nil }
            return elements ? "{ $0.map(\(transform)) }" : transform
        }

        /// The arguments of the reading after the key.
        var arguments: String { enumeration.map { ", among: Self.\($0.table)Names" } ?? "" }
    }

    /// One event type.
    struct Kind {
        var name: String
        /// The payload's type, e.g. `Event.ActivityStart`; `nil` for a type without fields.
        var payload: String?
        var fields: [Field]
    }

    /// The Swift name of `type` without its module: `Event.ActivityStart`.
    static func name(of type: Any.Type) -> String {
        let name = String(reflecting: type)
        return name.hasPrefix("PaceCore.") ? String(name.dropFirst("PaceCore.".count)) : name
    }

    /// The fields of `value` (a header or a payload), read by its `Codable` conformance as `recorded`, in the order
    /// of its stored properties.
    static func fields(of value: Any, recorded: [SchemaRecorder.Field], owner: String) throws(Unsupported)
        -> [Field]
    {
        var fields: [Field] = []
        for child in Mirror(reflecting: value).children {
            guard var name = child.label else { continue }
            let type = String(reflecting: Swift.type(of: child.value))
            var presence = Presence.required
            if name.hasPrefix("_"), type.contains("OmittedWhenEmpty<") {
                name.removeFirst()
                presence = .omittedWhenEmpty
            } else if type.hasPrefix("Swift.Optional<") {
                presence = .optional
            }
            guard let field = recorded.first(where: { $0.name == name }) else {
                throw Unsupported(description: "\(owner).\(name) is not read under its own name as a key")
            }
            guard field.optional == (presence != .required) else {
                throw Unsupported(description: "\(owner).\(name) is read as \(field.optional ? "" : "not ")optional")
            }
            fields.append(Field(name: name, presence: presence, leaf: try Leaf.of(field.type), value: ""))
        }
        guard fields.count == recorded.count else {
            throw Unsupported(description: "\(owner) reads keys that are not its stored properties")
        }
        return fields
    }

    /// The event types and the header, as the definitions make them.
    static func schema() throws -> (header: [Field], kinds: [Kind]) {
        let sample = try SchemaRecorder.sample(of: Event.Payload.Kind.flareEnded.rawValue)
        let header = try fields(of: sample.event.header, recorded: sample.fields, owner: "Event.Header").map {
            var field = $0
            field.value = "event.header.\(field.name)"
            return field
        }
        var kinds: [Kind] = []
        for kind in Event.Payload.Kind.allCases {
            let sample = try SchemaRecorder.sample(of: kind.rawValue)
            let recorded = sample.fields.filter { field in !header.contains { $0.name == field.name } }
            guard let payload = Mirror(reflecting: sample.event.payload).children.first?.value else {
                guard recorded.isEmpty else { throw Unsupported(description: "\(kind) has fields but no payload") }
                kinds.append(Kind(name: kind.rawValue, payload: nil, fields: []))
                continue
            }
            let type = name(of: Swift.type(of: payload))
            let fields = try fields(of: payload, recorded: recorded, owner: type).map {
                var field = $0
                field.value = "fields.\(field.name)"
                return field
            }
            kinds.append(Kind(name: kind.rawValue, payload: type, fields: fields))
        }
        return (header, kinds)
    }

    /// The source file.
    static func source() throws -> String {
        let (header, kinds) = try schema()
        let type = Field(name: "type", presence: .required, leaf: try Leaf.of(Event.Payload.Kind.self), value: "")
        var lines = [
            "// swift-format-ignore-file",
            "// Generated by `make schema` (EventCodecFastPathTests) from the events' Codable definitions in",
            "// Sources/PaceCore/Events: edit those, not this.",
            "",
            "// The event fuzzer (`make fuzz`) compiles this file into one module with PaceCore's and PaceJSON's source",
            "// files, where there is neither to import.",
            "#if canImport(PaceCore)",
            "import PaceCore",
            "import PaceJSON",
            "#endif",
            "",
            "extension EventCodec {",
            "    /// The text of `event` as `Event`'s `Encodable` conformance writes it (keys in order), without `Encoder`;",
            "    /// `nil` when it holds a number JSON cannot write.",
            "    static func fastText(of event: Event) -> [UInt8]? {",
            "        var output = JSONOutput()",
            "        output.beginObject()",
            "        switch event.payload {",
        ]
        for kind in kinds {
            lines.append("        case .\(kind.name)\(kind.payload == nil ? "" : "(let fields)"):")
            var tag = type
            tag.leaf = try Leaf.of(String.self)
            tag.value = "\"\(kind.name)\""
            for field in sorted(header + [tag] + kind.fields) { lines += writing(field).map { "            " + $0 } }
        }
        lines += [
            "        }",
            "        output.endObject()",
            "        return output.failed ? nil : output.bytes",
            "    }",
            "",
            "    /// The event `fields` hold, read as `Event`'s `Decodable` conformance reads it, without `Decoder`; `nil` where",
            "    /// that conformance must decide (it may throw, or decode what this does not read). Members are asked for in",
            "    /// the order they are written, which makes each a step.",
            "    static func fastEvent(_ fields: inout JSONObjectFields) -> Event? {",
            "        guard let kind = fields.tag(\"type\", among: Self.kindNames).map(kind) else { return nil }",
            "        let header: Event.Header",
            "        let payload: Event.Payload",
            "        switch kind {",
        ]
        var enumerations = [type.leaf.enumeration!]
        for kind in kinds {
            lines.append("        case .\(kind.name):")
            lines.append("            guard")
            lines += try sorted(header + kind.fields).map { "                " + (try reading($0)) + "," }
            lines[lines.count - 1].removeLast()
            lines.append("            else { return nil }")
            lines += call("header = ", "Event.Header", header.map { "\($0.name): \($0.name)" }, indent: 12)
            if let payload = kind.payload {
                let arguments = kind.fields.map { field in
                    "\(field.name): \(field.name)\(field.presence == .omittedWhenEmpty ? " ?? []" : "")"
                }
                lines += call("payload = .\(kind.name)(", payload, arguments, indent: 12, closing: "))")
            } else {
                lines.append("            payload = .\(kind.name)")
            }
            for case let enumeration? in (header + kind.fields).map(\.leaf.enumeration)
            where !enumerations.contains(where: { $0.table == enumeration.table }) {
                enumerations.append(enumeration)
            }
        }
        lines += [
            "        }",
            "        guard fields.allRead else { return nil }",
            "        return Event(header: header, payload: payload)",
            "    }",
        ]
        for enumeration in enumerations {
            let (table, type) = (enumeration.table, enumeration.type)
            lines.append("")
            lines += list(
                "    private static let \(table)Names: [StaticString] = ", enumeration.names.map { "\"\($0)\"" })
            lines += [
                "    private static let \(table)Cases = \(type).allCases",
                "    private static func \(table)(_ index: Int) -> \(type) { \(table)Cases[index] }",
            ]
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `head` `[elements]`, wrapped as swift-format wraps it where it is longer than a line.
    static func list(_ head: String, _ elements: [String]) -> [String] {
        let line = head + "[" + elements.joined(separator: ", ") + "]"
        if line.count <= 120 { return [line] }
        var lines = [head + "["]
        var current = "       "
        for element in elements {
            if current.count + element.count + 2 > 120 {
                lines.append(current)
                current = "       "
            }
            current += " " + element + ","
        }
        return lines + [current, "    ]"]
    }

    /// `fields` in the order of their keys' UTF-8 bytes: the order the log writes them in.
    static func sorted(_ fields: [Field]) -> [Field] {
        fields.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }

    /// `head` `type(arguments))` at `indent`, wrapped as swift-format wraps it where it is longer than a line.
    static func call(_ head: String, _ type: String, _ arguments: [String], indent: Int, closing: String = ")")
        -> [String]
    {
        let margin = String(repeating: " ", count: indent)
        let inner = "\(type)(\(arguments.joined(separator: ", "))\(closing)"
        if margin.count + head.count + inner.count <= 120 { return [margin + head + inner] }
        let nested = margin + "    "
        let bare = String(head.reversed().drop { $0 == " " }.reversed())
        if nested.count + inner.count <= 120 { return [margin + bare, nested + inner] }
        var lines = [margin + bare, nested + "\(type)("]
        var line = nested + "    "
        for (index, argument) in arguments.enumerated() {
            let text = argument + (index == arguments.count - 1 ? closing : ",")
            if line.count + text.count + (line.hasSuffix(" ") ? 0 : 1) > 120 {
                lines.append(line)
                line = nested + "    "
            }
            line += (line.hasSuffix(" ") ? "" : " ") + text
        }
        return lines + [line]
    }

    /// `let name = fields.reading("name")…`, for a `guard`.
    static func reading(_ field: Field) throws(Unsupported) -> String {
        let leaf = field.leaf
        switch field.presence {
        case .required:
            let read = "fields.\(leaf.reading)(\"\(field.name)\"\(leaf.arguments))"
            guard let function = leaf.function else { return "let \(field.name) = \(read)" }
            return "let \(field.name) = \(read).map(\(function))"
        case .optional, .omittedWhenEmpty:
            let reading = leaf.reading.prefix(1).uppercased() + leaf.reading.dropFirst()
            let read = "fields.optional\(reading)(\"\(field.name)\"\(leaf.arguments))"
            guard let function = leaf.function else { return "let \(field.name) = \(read)" }
            // The outer optional says whether it could be read, the inner whether it is there.
            return "let \(field.name) = \(read).map({ $0.map(\(function)) })"
        }
    }

    /// The statements writing `field`.
    static func writing(_ field: Field) -> [String] {
        let member = "output.member(\"\(field.name)\")"
        switch field.presence {
        case .required:
            return [member] + write(field.leaf, field.value)
        case .optional:
            return ["if let \(field.name) = \(field.value) {"]
                + ([member] + write(field.leaf, field.name)).map {
                    "    " + $0
                } + ["}"]
        case .omittedWhenEmpty:
            return ["if !\(field.value).isEmpty {"] + ([member] + write(field.leaf, field.value)).map { "    " + $0 }
                + ["}"]
        }
    }

    private static func write(_ leaf: Leaf, _ value: String) -> [String] {
        leaf.writing.replacingOccurrences(of: "$value", with: value).split(separator: "\n").map(String.init)
    }
}

extension RawRepresentable where Self: CaseIterable {
    /// Whether the names are strings.
    fileprivate static var rawValueIsString: Bool { RawValue.self == String.self }

    /// The names, in the order of the cases.
    fileprivate static var names: [String] { allCases.map { "\($0.rawValue)" } }
}
