"""The one-minute readiness check: a pure plan, asked through questionary."""
