"""Fails on import, as a plugin with a missing dependency would."""

import provcheck_missing_dependency  # noqa: F401
