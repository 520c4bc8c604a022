from dltutor.cli import main

main()
