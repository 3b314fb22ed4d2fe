"""Thresholds as data, and the rules that turn analytics into findings."""
