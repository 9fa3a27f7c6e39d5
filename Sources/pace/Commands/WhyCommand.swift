import ArgumentParser
import PaceProtocol

/// `pace why`: why today's budget is what it is.
struct WhyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "why",
        abstract: "Explain today's budget in plain words.",
        discussion: "With --json: the ExplainBudget reply, {\"explanation\": {...}}."
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let reply = try global.call(PaceAPI.ExplainBudget.self, NoParameters())
            if global.json {
                Console.line(try JSONOutput.render(reply))
            } else {
                for line in ExplanationText.render(reply.explanation, settings: global.settings) { Console.line(line) }
                // With a heart-rate sensor: where its threshold comes from (a daemon without GetHeartRate says nothing).
                if let heartRate = try? global.call(PaceAPI.GetHeartRate.self, NoParameters()).heartRate {
                    for line in HeartRateText.why(heartRate) { Console.line(line) }
                    // The morning reading against the baseline, and when that baseline began.
                    if heartRate.enabled, let reply = try? global.call(PaceAPI.GetMorningReading.self, NoParameters()) {
                        Console.line(reply.reading?.text ?? MorningText.none(reply))
                    }
                }
            }
        }
    }
}
