import ArgumentParser

/// `pace-sim`: the simulated-patient study of the adaptive envelope, and a stepping interface to it.
struct PaceSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pace-sim",
        abstract: "Simulated patients for Pace's adaptive energy envelope (ENVELOPE.md section C).",
        discussion: """
            `pace-sim study` runs the study and prints one table; `pace-sim step` lets another program drive the \
            envelope one day at a time over JSON lines (docs/envelope.md describes both).
            """,
        subcommands: [StudyCommand.self, StepCommand.self, MorningStudyCommand.self],
        defaultSubcommand: StudyCommand.self
    )
}
