"""Auditing many decisions at once: read exports, evaluate fast, account for every row, report."""
