"""The one-stop API (tag "onestop"): one router, operations in topic modules, the pages' permissions."""

from ninja import Router

router = Router(tags=["onestop"])

# Importing the topic modules registers their operations on the router.
from apps.onestop.api import dossiers, imports, index, lookup, procedures, stats  # noqa: E402, F401
