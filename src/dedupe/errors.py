"""Errors a user can cause.  The CLI prints their message on one line and exits 2."""

from __future__ import annotations

__all__ = ["DedupeError", "InputError", "RulesError"]


class DedupeError(Exception):
    """Base class of every error dedupe raises for a user mistake."""


class InputError(DedupeError):
    """An input file cannot be read or understood (names file, row and column)."""


class RulesError(DedupeError):
    """A rules file or a column override has an unknown key or a bad value."""
