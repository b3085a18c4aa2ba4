"""``python -m provcheck``: the ``provcheck`` command, for when its script is not on PATH."""

from __future__ import annotations

import sys

from provcheck.cli import main

if __name__ == "__main__":
    sys.exit(main())
