"""Population level: what the whole population of decisions shows, counted by `triage audit`
per region, municipality, provider and year of `start_date` (rules with `level:
population`). Counting: `counting` (polars on the fast path, plain Python on the reference
path, the same rule data); figures, thresholds and messages: `figures`."""
