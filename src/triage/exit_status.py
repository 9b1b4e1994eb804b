"""The exit status of every command (docs/decision-format.md, README): the CLI exits with
them, and the web app reads them from the `triage audit` processes it starts."""

EXIT_FAILED = 1  # a scenario failed; an audit stopped on an error (its summary says `mislukt`)
EXIT_INVALID_INPUT = 2
EXIT_RULES_REFUSED = 3
EXIT_INTERRUPTED = 130  # Ctrl-C; a stop signal is 128 + its number
