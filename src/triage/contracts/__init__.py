"""Contract level: the region's contracts (a register) checked against its framework
(`triage contracts check`). Register model and reading: `register`; facts: `facts`;
evaluation and outcome: `check`."""
