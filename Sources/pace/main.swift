import ArgumentParser

PaceCommand.main()
