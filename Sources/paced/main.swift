import ArgumentParser

Paced.main()
