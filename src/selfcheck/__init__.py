"""selfcheck: rate yourself against a professional designation's competency catalogue."""

__version__ = "0.1.0"
