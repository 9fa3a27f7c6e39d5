import Testing

@testable import PaceDaemon

/// What `STATUS=` carries is one line: every line break becomes a space, and nothing else changes.
@Suite struct ServiceManagerLineTests {
    @Test func lineBreaksBecomeSpacesAndTheRestStays() {
        // Each kind of line break `Character` knows, a CR LF as one, and the middle dot of the summary (C2 B7).
        #expect(ServiceManager.oneLine("a\nb\u{0B}c\u{0C}d\re\r\nf\u{85}g\u{2028}h\u{2029}i") == "a b c d e f g h i")
        #expect(
            ServiceManager.oneLine("42 of 110 points left · walking 12 min") == "42 of 110 points left · walking 12 min"
        )
        // Bytes that begin a break's encoding without being one: U+00C2, U+2020 (E2 80 A0), U+20AC (E2 82 AC).
        #expect(ServiceManager.oneLine("Â † € …") == "Â † € …")
        #expect(ServiceManager.oneLine("") == "")
        for text in ["x\u{85}", "\u{2029}", "ü\nü", "walk\u{2028}"] {
            #expect(ServiceManager.oneLine(text) == String(text.map { $0.isNewline ? " " : $0 }))
        }
    }
}
