/// Journal field names for log metadata keys: upper case, with the `PACE_` prefix.
///
/// journald accepts field names of `A`–`Z`, `0`–`9` and `_`, not starting with a digit or `_` (those are
/// trusted fields such as `_PID`), at most 64 characters; it drops an entry's fields that break the rules.
/// So no key is dropped here: each is converted. A key that is already a valid name with the prefix is kept as
/// it is; otherwise camelCase words are split (`budgetLeft` → `PACE_BUDGET_LEFT`), letters are upper-cased,
/// every other character becomes `_` (runs of them one `_`), and the prefix is added unless the result
/// already starts with it (`pace.event` → `PACE_EVENT`). Nothing can overwrite `MESSAGE`, `PRIORITY` or `_PID`.
package enum JournalFieldName {
    /// The prefix of every field Pace adds.
    package static let prefix = "PACE_"
    /// journald's limit on a field name's length.
    package static let maximumLength = 64

    /// The field name for the metadata key `key`.
    package static func forMetadataKey(_ key: String) -> String {
        if key.hasPrefix(prefix) && isValid(key) { return key }
        var converted = ""
        var previous: Character = "_"
        for character in key {
            let next: Character
            if character.isASCII && character.isLetter {
                if character.isUppercase && (previous.isLowercase || previous.isNumber) { converted.append("_") }
                next = Character(character.uppercased())
            } else if character.isASCII && character.isNumber {
                next = character
            } else {
                next = "_"
            }
            if !(next == "_" && converted.last == "_") { converted.append(next) }
            previous = character
        }
        while converted.first == "_" { converted.removeFirst() }
        while converted.last == "_" { converted.removeLast() }
        if converted.isEmpty { converted = "UNNAMED" }
        let name = converted.hasPrefix(prefix) ? converted : prefix + converted
        return String(name.prefix(maximumLength))
    }

    /// Whether journald accepts `name` as a field name that a client may set.
    package static func isValid(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= maximumLength else { return false }
        guard first != UInt8(ascii: "_"), !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy {
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "_")
        }
    }
}
