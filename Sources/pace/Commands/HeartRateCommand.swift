import ArgumentParser
import PaceProtocol

/// `pace hr`: the heart-rate sensor and its latest reading.
struct HeartRateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hr",
        abstract: "Show the heart-rate sensor's latest reading, the threshold and the sensor's state.",
        discussion: """
            Heart rate is read from a Bluetooth heart-rate sensor through BlueZ once [heart_rate] device is set \
            in the config file (an address, or "auto"). The threshold is the one you set, else estimated from \
            your age or resting heart rate; the line says which. With --json: the GetHeartRate reply, \
            {"heartRate": {...}}.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures {
            let reply = try global.call(PaceAPI.GetHeartRate.self, NoParameters())
            if global.json {
                Console.line(try JSONOutput.render(reply))
            } else {
                for line in HeartRateText.render(reply.heartRate) { Console.line(line) }
            }
        }
    }
}
