"""Entry point for `python -m shelltutor`."""

from shelltutor.cli import main

raise SystemExit(main())
