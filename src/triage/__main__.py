from triage.interfaces.cli import main

main()
