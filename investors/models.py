"""Arrives with its own issue; the app is registered so that migrations and permissions exist."""
