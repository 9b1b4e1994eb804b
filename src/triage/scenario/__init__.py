"""Dutch scenarios (`features/*.feature`, `# language: nl`): their step vocabulary, reading
and running them.

- `defaults`: the default decision a scenario starts from, and the state its steps build up;
- `steps`: the step vocabulary, the one place that says what each Dutch step means (used by
  `triage scenarios`, by `triage rules coverage` and by the pytest-bdd suite);
- `features`: feature files read with the Gherkin parser (`gherkin-official`);
- `runner`: running scenarios and reporting in Dutch (text and JUnit XML).
"""

from triage.scenario.defaults import ScenarioState, default_decision, law_for, set_path

__all__ = ["ScenarioState", "default_decision", "law_for", "set_path"]
