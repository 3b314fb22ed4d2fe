"""Findings become tasks with an owner, a deadline and an acceptance criterion."""
