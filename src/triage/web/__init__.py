"""The consultant's web app and the HTTP API (`triage serve`)."""
