/// A small streaming reader of XML for the files imports read (GPX, TCX, Apple Health's export.xml): elements,
/// attributes and text, read a chunk at a time in bounded memory.
///
/// Why not Foundation's `XMLParser`: it is in FoundationXML, which the CLI does not link (it uses
/// FoundationEssentials), brings full Foundation and libxml2 with it, and is callback-driven. These formats need
/// none of XML's harder parts, and the one that is dangerous, the DTD (entity expansion, "billion laughs", and
/// external entities that read local files), is refused outright here: a `<!DOCTYPE` or `<!ENTITY` is an error, and
/// the only references are the five predefined entities and character references. Namespace prefixes are dropped
/// (`gpxtpx:hr` is `hr`). Apple Health's export.xml begins with a DOCTYPE holding only its internal DTD of
/// declarations; ``allowsDeclarationsOnlyDTD`` skips such a DTD unread, still refusing any `<!ENTITY` in it.
package struct XMLPullReader {
    package enum Token: Equatable, Sendable {
        case start(name: String, attributes: [(name: String, value: String)])
        case end(name: String)
        case text(String)

        package static func == (left: Token, right: Token) -> Bool {
            switch (left, right) {
            case (.start(let a, let x), .start(let b, let y)):
                a == b && x.map(\.name) == y.map(\.name) && x.map(\.value) == y.map(\.value)
            case (.end(let a), .end(let b)): a == b
            case (.text(let a), .text(let b)): a == b
            default: false
            }
        }
    }

    /// Why the reader stopped.
    package struct Problem: Error, Equatable, Sendable {
        package var reason: String
    }

    /// The longest token (a tag with its attributes, or a run of text) read; longer is refused, so memory stays
    /// bounded whatever the file holds.
    package static let longestToken = 1 << 20

    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false
    private let source: () throws -> [UInt8]?
    private var pendingEnd: String?
    private var pushedBack: Token?
    private var depth = 0
    package var allowsDeclarationsOnlyDTD = false

    /// A reader of the chunks `source` gives, `nil` at the end.
    package init(source: @escaping () throws -> [UInt8]?) {
        self.source = source
    }

    /// A reader of `bytes`.
    package init(bytes: [UInt8]) {
        var given = false
        self.init {
            defer { given = true }
            return given ? nil : bytes
        }
    }

    /// Makes at least `count` bytes from ``position`` available, if the source has them.
    private mutating func fill(_ count: Int) throws -> Bool {
        while buffer.count - position < count {
            if ended { return false }
            guard let chunk = try source() else {
                ended = true
                return false
            }
            if position > 0 {
                buffer.removeFirst(position)
                position = 0
            }
            buffer += chunk
        }
        return true
    }

    /// The index of `pattern` at or after ``position``, reading on as needed, or `nil` at the end of the input.
    private mutating func find(_ pattern: [UInt8]) throws(Problem) -> Int? {
        var from = position
        while true {
            var index = from
            while index + pattern.count <= buffer.count {
                if buffer[index] == pattern[0], buffer[index..<index + pattern.count].elementsEqual(pattern) {
                    return index
                }
                index += 1
            }
            if buffer.count - position > Self.longestToken {
                throw Problem(reason: "a tag or text longer than \(Self.longestToken) bytes")
            }
            // Where the search goes on, from the token's start: `fill` may move the bytes to the front.
            let searched = max(from, buffer.count - pattern.count + 1) - position
            let more: Bool
            do {
                more = try fill(buffer.count - position + 1)
            } catch {
                throw Problem(reason: "cannot read: \(error)")
            }
            guard more else { return nil }
            from = position + searched
        }
    }

    /// The next token, or `nil` at the end.
    package mutating func next() throws(Problem) -> Token? {
        if let token = pushedBack {
            pushedBack = nil
            return token
        }
        if let name = pendingEnd {
            pendingEnd = nil
            depth -= 1
            return .end(name: name)
        }
        while true {
            guard (try? fill(1)) == true else {
                if depth > 0 { throw Problem(reason: "the file ends inside an element (cut short?)") }
                return nil
            }
            if buffer[position] != UInt8(ascii: "<") {
                let end = try find([UInt8(ascii: "<")]) ?? buffer.count
                let raw = buffer[position..<end]
                position = end
                if depth == 0 {
                    guard
                        raw.allSatisfy({
                            $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB
                                || $0 == 0xBF
                        })
                    else {
                        throw Problem(reason: "text outside the document's element")
                    }
                    continue
                }
                return .text(try Self.decode(raw))
            }
            guard (try? fill(9)) == true || buffer.count - position >= 2 else {
                throw Problem(reason: "the file ends inside a tag (cut short?)")
            }
            let rest = buffer[position...]
            if rest.starts(with: Array("<?".utf8)) {
                guard let end = try find(Array("?>".utf8)) else { throw Problem(reason: "the file ends inside <?") }
                position = end + 2
                continue
            }
            if rest.starts(with: Array("<!--".utf8)) {
                guard let end = try find(Array("-->".utf8)) else { throw Problem(reason: "the file ends in a comment") }
                position = end + 3
                continue
            }
            if rest.starts(with: Array("<![CDATA[".utf8)) {
                guard let end = try find(Array("]]>".utf8)) else { throw Problem(reason: "the file ends in CDATA") }
                let text = String(decoding: buffer[(position + 9)..<end], as: UTF8.self)
                position = end + 3
                return .text(text)
            }
            if rest.starts(with: Array("<!DOCTYPE".utf8)) {
                try skipDoctype()
                continue
            }
            if rest.starts(with: Array("<!".utf8)) {
                throw Problem(reason: "a markup declaration (<!ENTITY or the like): entities are not read")
            }
            guard let end = try find([UInt8(ascii: ">")]) else {
                throw Problem(reason: "the file ends inside a tag (cut short?)")
            }
            let tag = Array(buffer[(position + 1)..<end])
            position = end + 1
            return try token(of: tag)
        }
    }

    /// Gives `token` (the one just read) again from the next ``next()``.
    package mutating func pushBack(_ token: Token) {
        pushedBack = token
    }

    /// Skips a DOCTYPE, when only declarations without entities are in it (Apple Health's); refuses any other.
    private mutating func skipDoctype() throws(Problem) {
        guard allowsDeclarationsOnlyDTD else {
            throw Problem(reason: "a document type declaration (<!DOCTYPE): entities and DTDs are not read")
        }
        let close = try find(Array("]>".utf8))
        let simple = try find([UInt8(ascii: ">")])
        let open = try find([UInt8(ascii: "[")])
        let end: Int
        if let open, let simple, open < simple {
            guard let close else { throw Problem(reason: "the file ends inside its DOCTYPE") }
            end = close + 2
        } else {
            guard let simple else { throw Problem(reason: "the file ends inside its DOCTYPE") }
            end = simple + 1
        }
        let body = String(decoding: buffer[position..<end], as: UTF8.self)
        for refused in ["<!ENTITY", "SYSTEM", "PUBLIC", "%"] where body.contains(refused) {
            throw Problem(reason: "a DTD with entities or an external part (\(refused)): entities are not read")
        }
        position = end
    }

    private mutating func token(of tag: [UInt8]) throws(Problem) -> Token {
        if tag.first == UInt8(ascii: "/") {
            let name = Self.localName(tag.dropFirst().prefix { !Self.isSpace($0) })
            guard depth > 0 else { throw Problem(reason: "</\(name)> closes nothing") }
            depth -= 1
            return .end(name: name)
        }
        var body = tag[...]
        let selfClosing = body.last == UInt8(ascii: "/")
        if selfClosing { body = body.dropLast() }
        let nameBytes = body.prefix { !Self.isSpace($0) }
        guard !nameBytes.isEmpty else { throw Problem(reason: "a tag without a name") }
        let name = Self.localName(nameBytes)
        var attributes: [(name: String, value: String)] = []
        var index = nameBytes.endIndex
        while true {
            while index < body.endIndex && Self.isSpace(body[index]) { index += 1 }
            guard index < body.endIndex else { break }
            let nameEnd = body[index...].firstIndex { $0 == UInt8(ascii: "=") || Self.isSpace($0) } ?? body.endIndex
            let attribute = Self.localName(body[index..<nameEnd])
            var cursor = nameEnd
            while cursor < body.endIndex && Self.isSpace(body[cursor]) { cursor += 1 }
            guard cursor < body.endIndex, body[cursor] == UInt8(ascii: "=") else {
                throw Problem(reason: "attribute \(attribute) of <\(name)> has no value")
            }
            cursor += 1
            while cursor < body.endIndex && Self.isSpace(body[cursor]) { cursor += 1 }
            guard cursor < body.endIndex, body[cursor] == 0x22 || body[cursor] == 0x27 else {
                throw Problem(reason: "attribute \(attribute) of <\(name)> is not quoted")
            }
            let quote = body[cursor]
            guard let close = body[(cursor + 1)...].firstIndex(of: quote) else {
                throw Problem(reason: "attribute \(attribute) of <\(name)> is not closed")
            }
            attributes.append((attribute, try Self.decode(body[(cursor + 1)..<close])))
            index = close + 1
        }
        depth += 1
        if selfClosing { pendingEnd = name }
        return .start(name: name, attributes: attributes)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func localName(_ bytes: ArraySlice<UInt8>) -> String {
        let local = bytes.lastIndex(of: UInt8(ascii: ":")).map { bytes[($0 + 1)...] } ?? bytes
        return String(decoding: local, as: UTF8.self)
    }

    /// Text with its references replaced: the five predefined entities and character references; any other
    /// entity is refused (nothing is expanded).
    private static func decode(_ raw: ArraySlice<UInt8>) throws(Problem) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        var index = raw.startIndex
        while index < raw.endIndex {
            guard raw[index] == UInt8(ascii: "&") else {
                out.append(raw[index])
                index += 1
                continue
            }
            guard let semicolon = raw[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw Problem(reason: "an & that starts no reference")
            }
            let name = String(decoding: raw[(index + 1)..<semicolon], as: UTF8.self)
            switch name {
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "amp": out.append(UInt8(ascii: "&"))
            case "quot": out.append(0x22)
            case "apos": out.append(0x27)
            default:
                var scalar: UInt32?
                if name.hasPrefix("#x") {
                    scalar = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst(), radix: 10)
                }
                guard let value = scalar, let character = Unicode.Scalar(value) else {
                    throw Problem(reason: "the entity &\(name); (entities are not read)")
                }
                out += Array(String(Character(character)).utf8)
            }
            index = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
