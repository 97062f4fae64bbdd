"""`python -m selfcheck` runs the command line."""

from selfcheck.cli.main import main

raise SystemExit(main())
