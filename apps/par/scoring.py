"""Moved to `apps.par.engine`; kept so that callers outside PAR (the demo) import unchanged until they move."""

from apps.par.engine import *  # noqa: F403
from apps.par.engine import __all__  # noqa: F401
