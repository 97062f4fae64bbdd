"""The `selfcheck` command line."""
