"""The version of triage (as in pyproject.toml), in every outcome's receipt."""

__version__ = "0.1.0"
