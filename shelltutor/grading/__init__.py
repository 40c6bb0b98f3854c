"""Grading: compares an attempt's results and the shell's state with an exercise's expectations, and explains why.

No UI imports here: the TUI and the CLI render `Verdict` objects.
"""
