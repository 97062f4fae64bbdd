"""Widgets get data from their screen and post what happened as messages."""
