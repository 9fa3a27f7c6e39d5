import ArgumentParser

PaceSimCommand.main()
