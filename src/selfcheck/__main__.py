"""`python -m selfcheck` runs the command line."""

from selfcheck.cli import main

raise SystemExit(main())
