"""`triage impact`: what a change of the rules does to decisions already made.

The same decisions are evaluated under two rule books (the rules in force now and a proposed
change) on the audit's fast path, batch by batch, in worker processes: each batch is read and
typed once and evaluated twice (`evaluator`); the main process (`pipeline`) writes the
decisions whose verdict, findings or priority changed to `changes.jsonl`, the rows that could
not be evaluated to `errors.jsonl`, and the counts (`work.ImpactTally`) to `summary.json`
and `report.html`.
"""
