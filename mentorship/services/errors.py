"""The one error services raise for a refused change; views show its message."""

from __future__ import annotations


class MentorshipError(Exception):
    """A change that the rules do not allow, with a message for the person who asked."""
