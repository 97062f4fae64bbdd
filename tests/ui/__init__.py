"""Tests of the Textual app: Pilot, pty and snapshot tests."""
