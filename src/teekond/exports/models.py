"""Exports keep no data of their own yet; share links join with the journey models."""
