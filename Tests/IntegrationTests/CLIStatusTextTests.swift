import PaceCore
import PaceProtocol
import Testing

@testable import pace

@Suite struct CLIStatusTextTests {
    @Test func rendersTheBar() {
        #expect(BudgetBar.render(left: 62, budget: 110, settings: .plainUnicode) == "▓▓▓▓▓▓░░░░")
    }
}
