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
        /// The Swift type of the field's value, e.g. `Instant`.
        var swiftType = ""

        /// The leaf of `type`.
        static func of(_ type: Any.Type) throws(Unsupported) -> Leaf {
            var leaf = try make(type)
            leaf.swiftType =
                leaf.enumeration?.type
                ?? (leaf.elements ? "[\(leaf.transform!.dropLast(".init".count))]" : name(of: type))
            return leaf
        }

        private static func make(_ type: Any.Type) throws(Unsupported) -> Leaf {
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
                    reading: "choice", transform: "Self.\(table)",
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
        for module in ["PaceCore.", "Swift."] where name.hasPrefix(module) {
            return String(name.dropFirst(module.count))
        }
        return name
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
            "    /// The event in `text` (one object, and nothing after it but whitespace), read as `Event`'s `Decodable`",
            "    /// conformance reads it, without `Decoder`; `nil` where that conformance must decide.",
            "    static func fastEvent(_ text: UnsafeRawBufferPointer) -> Event? {",
            "        guard var members = JSONMemberScanner(text), let event = fastEvent(&members), members.endsText else {",
            "            return nil",
            "        }",
            "        return event",
            "    }",
            "",
            "    /// The event whose members `members` reads, to the object's closing brace, in one pass: each key, in any",
            "    /// order, goes to its field, whatever the event's type, which may come last; then the type says which fields",
            "    /// it must have and may have. `nil` where `Event`'s `Decodable` conformance must decide (it may throw, or",
            "    /// decode what this does not read: a key it does not know, or one written twice).",
            "    static func fastEvent(_ members: inout JSONMemberScanner) -> Event? {",
        ]
        let all = try keys(header: header, kinds: kinds, type: type)
        for name in reserved where all.contains(where: { $0.field.name == name }) {
            throw Unsupported(description: "a field called \(name): rename the generated reader's local of that name")
        }
        lines.append("        var seen: UInt64 = 0")
        for key in all {
            lines.append("        var \(key.field.name): \(key.swiftType)?")
        }
        lines += [
            "        while let key = members.nextKey() {",
            "            switch key.head {",
        ]
        for (head, group) in Dictionary(grouping: all, by: \.head).sorted(by: { $0.key < $1.key }) {
            lines.append("            case \(hex(head)):  // \(group.map(\.field.name).joined(separator: ", "))")
            for (number, key) in group.enumerated() {
                let name = key.field.name
                let match =
                    name.utf8.count <= 8
                    ? "key.count == \(name.utf8.count)" : "key.hasTail(\"\(name.dropFirst(8))\")"
                let read = "members.\(key.field.leaf.reading)(\(key.field.leaf.arguments.dropFirst(2)))"
                let value = key.field.leaf.function.map { "\(read).map(\($0))" } ?? read
                lines += [
                    "                \(number == 0 ? "" : "} else ")if \(match) {",
                    "                    guard seen & \(hex(key.bit)) == 0 else { return nil }",
                    "                    seen |= \(hex(key.bit))",
                    "                    if !members.null() {",
                    "                        guard let value = \(value) else { return nil }",
                    "                        \(name) = value",
                    "                    }",
                ]
            }
            lines += ["                } else {", "                    return nil", "                }"]
        }
        lines += [
            "            default:",
            "                return nil",
            "            }",
            "        }",
            "        guard members.ended else { return nil }",
            "        switch type {",
        ]
        var enumerations = [type.leaf.enumeration!]
        for kind in kinds {
            let fields = sorted(header + kind.fields)
            let allowed = all.filter { key in key.field.name == "type" || fields.contains { $0.name == key.field.name }
            }
            let unknown = ~allowed.reduce(UInt64(0)) { $0 | $1.bit } & all.reduce(UInt64(0)) { $0 | $1.bit }
            let required = fields.filter { $0.presence == .required }.map { "let \($0.name)" }
            lines.append("        case .\(kind.name)?:")
            lines += wrapped("guard ", ["seen & \(hex(unknown)) == 0"] + required, indent: 12)
            lines.append("            else { return nil }")
            lines += call("let header = ", "Event.Header", header.map { "\($0.name): \($0.name)" }, indent: 12)
            if let payload = kind.payload {
                let arguments = kind.fields.map { field in
                    "\(field.name): \(field.name)\(field.presence == .omittedWhenEmpty ? " ?? []" : "")"
                }
                lines += call(
                    "return Event(header: header, payload: .\(kind.name)(", payload, arguments, indent: 12,
                    closing: ")))")
            } else {
                lines.append("            return Event(header: header, payload: .\(kind.name))")
            }
            for case let enumeration? in (header + kind.fields).map(\.leaf.enumeration)
            where !enumerations.contains(where: { $0.table == enumeration.table }) {
                enumerations.append(enumeration)
            }
        }
        lines += [
            "        case nil:",
            "            return nil",
            "        }",
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

    /// Names of the generated reader's own locals, which no field may have.
    static let reserved = ["members", "key", "seen", "value", "header"]

    /// A key the generated reader knows, with its field (read the same way in every event type that has it), the
    /// Swift type of the field's value, its first eight bytes as ``JSONKeyText/head`` gives them, and its bit in
    /// the keys seen.
    struct Key {
        var field: Field
        var swiftType: String
        var head: UInt64
        var bit: UInt64
    }

    /// Every key of the header, `type` and the event types, in the order of their bytes.
    static func keys(header: [Field], kinds: [Kind], type: Field) throws(Unsupported) -> [Key] {
        var fields: [String: Field] = [:]
        for field in header + [type] + kinds.flatMap(\.fields) {
            guard field.name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") }) else {
                throw Unsupported(description: "the key \(field.name) is not plain ASCII")
            }
            if let other = fields[field.name] {
                guard other.leaf.reading == field.leaf.reading, other.leaf.transform == field.leaf.transform,
                    other.leaf.swiftType == field.leaf.swiftType
                else {
                    throw Unsupported(description: "the key \(field.name) has values of two types in two events")
                }
            } else {
                fields[field.name] = field
            }
        }
        let names = fields.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        guard names.count <= 64 else { throw Unsupported(description: "more than 64 keys: widen `seen`") }
        return names.enumerated().map { number, name in
            let head = name.utf8.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
            let field = fields[name]!
            return Key(field: field, swiftType: field.leaf.swiftType, head: head, bit: 1 << UInt64(number))
        }
    }

    /// `value` as a hexadecimal literal.
    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16, uppercase: true) }

    /// `head` and `items` separated by commas, wrapped at 120 columns, continued four columns further in.
    static func wrapped(_ head: String, _ items: [String], indent: Int) -> [String] {
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = margin + head
        for (index, item) in items.enumerated() {
            let text = item + (index == items.count - 1 ? "" : ",")
            if line.count + text.count + 1 > 120 {
                lines.append(line)
                line = margin + "    " + text
            } else {
                line += (line.hasSuffix(" ") ? "" : " ") + text
            }
        }
        return lines + [line]
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
