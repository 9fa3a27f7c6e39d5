import PaceCore
import Testing

@Suite struct MarkupEscapingTests {
    @Test func escapesTheThreeCharactersMarkupGivesMeaningToAndLeavesTheRest() {
        #expect(MarkupEscaping.escape("a < b & c > d \"e\" 'f' ✓") == "a &lt; b &amp; c &gt; d \"e\" 'f' ✓")
    }

    @Test func escapesQuotesTooForAttributeValues() {
        #expect(MarkupEscaping.escape("\"e\" & 'f'", quotes: true) == "&quot;e&quot; &amp; &#39;f&#39;")
    }

    @Test func anEntityIsEscapedAgainSoItShowsAsWritten() {
        #expect(MarkupEscaping.escape("&amp;") == "&amp;amp;")
    }
}
