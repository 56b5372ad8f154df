"""Followthrough: a relationship system that tracks follow-through, not just deals."""

__version__ = "0.1.0"
