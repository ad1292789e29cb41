"""Signals casework sends for the apps built on it."""

from django.dispatch import Signal

# Sent when the holiday calendar changed, before the open clocks are recomputed: a receiver
# recomputes the working-day dates it stores itself (a re-inspection date, a statement
# period), so that they follow the calendar as clocks do. No arguments.
calendar_changed = Signal()
