"""Formatters: each renders a RunResult; none re-runs rules."""
