from ecopetition.cli import main

main()
