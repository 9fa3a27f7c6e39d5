import ArgumentParser

/// `pace-sim step`: drive the real envelope one day at a time over JSON lines.
struct StepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step",
        abstract: "Read one day's observations per line on stdin, write the envelope's answer per line on stdout."
    )

    func run() throws {}
}
