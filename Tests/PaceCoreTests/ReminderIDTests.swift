import PaceCore
import PropertyBased
import Testing

/// A reminder id is kept as a kind and a number when Pace made it, and as text otherwise; either way it must
/// read back as the very text it came from, and two ids must be equal exactly when their texts are.
@Suite struct ReminderIDTests {
    /// Texts near the forms Pace makes, each a way the kind-and-number form could lose or change a byte.
    static let edges = [
        "budget90:2026-11-25", "checkin-morning:1970-01-01", "flare:0000-01-01", "budget100:9999-12-31",
        "budget90:2026-02-29", "budget90:2024-02-29", "budget90:2026-13-01", "budget90:2026-00-10",
        "budget90:2026-1-05", "budget90:+026-11-25", "budget90:2026-11-25 ", "budget90:2026/11/25",
        "bout:1764072300000", "bout:0", "bout:00", "bout:01", "bout:-5", "bout:+5", "bout:-9223372036854775808",
        "bout:999999999999999999", "bout:1000000000000000000", "bout:", "bout", "rest:1764072300000x",
        "nokind:2026-11-25", "nokind:17", ":17", "", "x", "bout:2026-11-25", "budget90:1764072300000",
        "bout:1:2", "Bout:17", "budget90:２０２６-11-25", "checkin-evening:2026-12-07",
    ]

    @Test(arguments: edges) func readsBackAsTheTextItCameFrom(text: String) {
        let id = ReminderID(text)
        #expect(id.rawValue == text)
        #expect(id.utf8Count == text.utf8.count)
        // What a snapshot keeps of it reads back as the same id.
        let fromParts = ReminderID(parts: id.parts)
        #expect(fromParts == id)
        #expect(fromParts?.rawValue == text)
        var appended: [UInt8] = [0x2A]
        id.appendUTF8(to: &appended)
        #expect(appended == [0x2A] + Array(text.utf8))
    }

    @Test func idsAreEqualExactlyWhenTheirTextsAre() {
        for a in Self.edges {
            for b in Self.edges {
                #expect((ReminderID(a) == ReminderID(b)) == (a == b), "\(a) / \(b)")
                if a == b { #expect(ReminderID(a).hashValue == ReminderID(b).hashValue) }
            }
        }
    }

    @Test func theKindIsTheTextBeforeTheColonWhateverTheForm() {
        #expect(ReminderID("budget90:2026-11-25").kind == .budget90)
        #expect(ReminderID("bout:17").kind == .boutLimit)
        #expect(ReminderID("bout:-17").kind == .boutLimit)
        #expect(ReminderID("rest:anything").kind == .restLongEnough)
        #expect(ReminderID("nokind:17").kind == nil)
        #expect(ReminderID("bout").kind == nil)
    }

    @Test func madeIDsEqualTheirTexts() {
        let date = CivilDate(year: 2026, month: 12, day: 7)
        #expect(ReminderID.make(.budget100, date) == ReminderID("budget100:2026-12-07"))
        #expect(ReminderID.make(.budget100, date).rawValue == "budget100:2026-12-07")
        let start = Instant(millisecondsSinceEpoch: 1_764_072_300_000)
        #expect(ReminderID.make(.boutLimit, startedAt: start) == ReminderID("bout:1764072300000"))
        let early = Instant(millisecondsSinceEpoch: -1)
        #expect(ReminderID.make(.restLongEnough, startedAt: early) == ReminderID("rest:-1"))
        #expect(ReminderID.make(.restLongEnough, startedAt: early).rawValue == "rest:-1")
        #expect(ReminderID.make(.flareNotice, "2026-12-07") == ReminderID.make(.flareNotice, date))
        let far = CivilDate(year: 12_026, month: 1, day: 2)
        #expect(ReminderID.make(.flareNotice, far).rawValue == "flare:\(far.iso8601)")
        #expect(ReminderID.make(.flareNotice, far) == ReminderID("flare:\(far.iso8601)"))
    }

    @Test func anyTextReadsBackTheSame() async {
        let alphabet = Array("bout:rest-checkin-morningbudget90flare0123456789-:x")
        let text = Gen<Character?>.element(of: alphabet).compactMap { $0 }.string(of: 0...24)
        await propertyCheck(input: text, text) { a, b in
            #expect(ReminderID(a).rawValue == a)
            #expect(ReminderID(a).utf8Count == a.utf8.count)
            #expect(ReminderID(parts: ReminderID(a).parts) == ReminderID(a))
            #expect((ReminderID(a) == ReminderID(b)) == (a == b))
        }
    }

    /// Parts whose text would not read back as the same form (a snapshot that says so is refused).
    @Test func partsNoIDHasAreRefused() {
        let kinds = UInt8(ReminderKind.allCases.count)
        #expect(ReminderID(parts: .dated(kind: kinds, days: 0)) == nil)
        #expect(ReminderID(parts: .numbered(kind: kinds, 0)) == nil)
        #expect(
            ReminderID(parts: .dated(kind: 0, days: CivilDate(year: 10_000, month: 1, day: 1).daysSinceEpoch)) == nil)
        #expect(ReminderID(parts: .dated(kind: 0, days: CivilDate(year: -1, month: 12, day: 31).daysSinceEpoch)) == nil)
        #expect(ReminderID(parts: .numbered(kind: 0, -1)) == nil)
        #expect(ReminderID(parts: .numbered(kind: 0, 1_000_000_000_000_000_000)) == nil)
        let first = ReminderID(parts: .dated(kind: 0, days: CivilDate(year: 0, month: 1, day: 1).daysSinceEpoch))
        #expect(first?.rawValue == "\(ReminderKind.allCases[0].rawValue):0000-01-01")
        let last = ReminderID(parts: .dated(kind: 0, days: CivilDate(year: 9999, month: 12, day: 31).daysSinceEpoch))
        #expect(last?.rawValue == "\(ReminderKind.allCases[0].rawValue):9999-12-31")
        #expect(
            ReminderID(parts: .numbered(kind: 1, 999_999_999_999_999_999))?.utf8Count
                == ReminderKind.allCases[1].rawValue.utf8.count + 19)
    }
}
